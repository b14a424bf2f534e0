package io.dynamolock.benchmarks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The figures of one run: sections of notes and tables, and the targets with their verdicts.
 * Rendered as Markdown both to the console (as each section completes) and to
 * {@code docs/BENCHMARKS.md}.
 */
public final class Report {
    private final List<Section> sections = new ArrayList<>();
    private final List<Target> targets = new ArrayList<>();

    /**
     * @param title the section's heading
     * @return a new section, added in order
     */
    public Section section(String title) {
        Section s = new Section(title);
        sections.add(s);
        return s;
    }

    /**
     * Records a target's verdict.
     *
     * @param name     what is targeted
     * @param goal     the target, as the issue states it
     * @param measured what was measured
     * @param verdict  met, missed or pending
     * @param why      the reason for a miss or a pending verdict, or empty
     */
    public void target(String name, String goal, String measured, Verdict verdict, String why) {
        targets.add(new Target(name, goal, measured, verdict, why));
    }

    /** @return the sections so far */
    public List<Section> sections() {
        return sections;
    }

    /** @return the targets so far */
    public List<Target> targets() {
        return targets;
    }

    /** @return the targets as a Markdown table */
    public String targetsMarkdown() {
        Table t = new Table("target", "goal", "measured", "verdict", "why");
        for (Target x : targets) {
            t.row(x.name, x.goal, x.measured, x.verdict.text, x.why);
        }
        return t.markdown();
    }

    /** Whether a target was met. */
    public enum Verdict {
        /** Met. */
        MET("met"),
        /** Missed. */
        MISSED("**missed**"),
        /** Not measured yet, e.g. waiting for the agent. */
        PENDING("pending");

        private final String text;

        Verdict(String text) {
            this.text = text;
        }
    }

    /**
     * One target's verdict.
     *
     * @param name     what is targeted
     * @param goal     the target
     * @param measured what was measured
     * @param verdict  the verdict
     * @param why      the reason for a miss or a pending verdict
     */
    public record Target(String name, String goal, String measured, Verdict verdict, String why) {
    }

    /** A heading with notes and tables, in order. */
    public static final class Section {
        private final String title;
        private final List<Object> blocks = new ArrayList<>();

        private Section(String title) {
            this.title = title;
        }

        /** @param text a paragraph of Markdown @return this */
        public Section note(String text) {
            blocks.add(text);
            return this;
        }

        /** @param table a table @return this */
        public Section table(Table table) {
            blocks.add(table);
            return this;
        }

        /** @return the heading */
        public String title() {
            return title;
        }

        /** @return the section as Markdown, headed at level 2 */
        public String markdown() {
            StringBuilder b = new StringBuilder("## ").append(title).append("\n\n");
            for (Object block : blocks) {
                b.append(block instanceof Table t ? t.markdown() : block.toString()).append("\n\n");
            }
            return b.toString();
        }

        /** @param out where to print the section */
        public void print(PrintStream out) {
            out.print(markdown());
            out.flush();
        }
    }

    /** A Markdown table. */
    public static final class Table {
        private final String[] headers;
        private final List<String[]> rows = new ArrayList<>();

        /** @param headers the column headings */
        public Table(String... headers) {
            this.headers = headers;
        }

        /** @param cells one cell per column @return this */
        public Table row(Object... cells) {
            String[] row = new String[headers.length];
            for (int i = 0; i < row.length; i++) {
                row[i] = i < cells.length && cells[i] != null ? cells[i].toString().replace("|", "\\|") : "";
            }
            rows.add(row);
            return this;
        }

        /** @return whether the table has no rows */
        public boolean isEmpty() {
            return rows.isEmpty();
        }

        /** @return the table as Markdown */
        public String markdown() {
            StringBuilder b = new StringBuilder("| ").append(String.join(" | ", headers)).append(" |\n|");
            for (int i = 0; i < headers.length; i++) {
                b.append("---|");
            }
            for (String[] row : rows) {
                b.append("\n| ").append(String.join(" | ", row)).append(" |");
            }
            return b.toString();
        }
    }
}
