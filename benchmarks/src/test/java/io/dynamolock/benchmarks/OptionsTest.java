package io.dynamolock.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void defaultsRunEveryPartAndPartTwoOnBothServers() {
        Options o = Options.parse(new String[] {"--root", "/p"});
        assertEquals(Set.of(1, 2, 3, 4, 5, 6, 7), o.parts());
        assertEquals("dynalite", o.server());
        assertEquals(List.of("dynalite", "moto"), o.cycleServers());
        assertEquals(Path.of("/p/docs/BENCHMARKS.md"), o.output());
        assertEquals(Path.of("/p/dynamolock-agent/target/dynamolock-agent.jar"), o.agentJar());
    }

    @Test
    void quickRunsPartTwoOnOneServer() {
        Options o = Options.parse(new String[] {"--quick", "--parts", "2,4", "--no-output"});
        assertEquals(Set.of(2, 4), o.parts());
        assertEquals(List.of("dynalite"), o.cycleServers());
        assertNull(o.output());
        assertEquals(3, o.pick(10, 3));
    }

    @Test
    void rejectsUnknownOptionsAndParts() {
        assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[] {"--fast"}));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[] {"--parts", "8"}));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[] {"--server", "ddb"}));
    }
}
