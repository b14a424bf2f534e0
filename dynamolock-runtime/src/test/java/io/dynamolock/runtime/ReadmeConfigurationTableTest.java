package io.dynamolock.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The settings table in the code is the source of truth for the README's configuration table. */
class ReadmeConfigurationTableTest {

    /** Surefire runs in the module's directory; the README is the project's. */
    private static final Path README = Path.of("..", "README.md");

    @Test
    void readmeConfigurationTableMatchesTheSettings() throws IOException {
        List<String> lines = Files.readAllLines(README);
        int section = lines.indexOf("## Configuration");
        assertTrue(section >= 0, "no '## Configuration' section in " + README.toAbsolutePath());

        List<String> table = lines.subList(section, lines.size()).stream()
                .dropWhile(line -> !line.startsWith("|")).takeWhile(line -> line.startsWith("|")).toList();

        assertEquals(SettingTable.markdownTable(), String.join("\n", table) + "\n",
                "the first table under '## Configuration' in README.md; paste SettingTable.markdownTable() there");
    }
}
