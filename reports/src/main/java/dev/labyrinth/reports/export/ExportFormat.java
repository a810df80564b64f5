package dev.labyrinth.reports.export;

/** The formats {@code labyrinth export} writes, with the name each gets next to its trace. */
public enum ExportFormat {
  /** Chrome Trace Event JSON, for ui.perfetto.dev and Chrome DevTools. */
  CHROME(".chrome.json"),
  /** Text in the {@code /sys/kernel/tracing/trace} layout, for grep and awk. */
  FTRACE(".ftrace.txt"),
  /** A directory of CSV tables, one per event type, for spreadsheets and pandas. */
  CSV(".csv");

  private final String suffix;

  ExportFormat(String suffix) {
    this.suffix = suffix;
  }

  /** What replaces {@code .jsonl} in the trace's file name when no output is given. */
  public String suffix() {
    return suffix;
  }
}
