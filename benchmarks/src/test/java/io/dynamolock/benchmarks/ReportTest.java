package io.dynamolock.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReportTest {

    @Test
    void tablesRenderAsMarkdownAndEscapePipes() {
        Report.Table t = new Report.Table("a", "b").row("x|y", 2);
        assertEquals("| a | b |\n|---|---|\n| x\\|y | 2 |", t.markdown());
    }

    @Test
    void targetsListTheirVerdicts() {
        Report r = new Report();
        r.target("cycle", "2", "2", Report.Verdict.MET, "");
        r.target("start-up", "10%", "2.4×", Report.Verdict.MISSED, "the agent");
        String md = r.targetsMarkdown();
        assertTrue(md.contains("| cycle | 2 | 2 | met |  |"), md);
        assertTrue(md.contains("| start-up | 10% | 2.4× | **missed** | the agent |"), md);
    }

    @Test
    void formatsRatiosAndNumbers() {
        assertEquals("0.93×", Format.ratio(0.931));
        assertEquals("1,234", Format.number(1234.4));
        assertEquals("12.3", Format.number(12.34));
        assertEquals("2", Format.number(2.0));
        assertEquals("n/a", Format.ratio(Double.NaN));
    }
}
