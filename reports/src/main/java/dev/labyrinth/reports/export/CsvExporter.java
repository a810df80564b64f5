package dev.labyrinth.reports.export;

import dev.labyrinth.reports.TraceEvent;
import dev.labyrinth.reports.TraceFingerprint;
import dev.labyrinth.reports.TraceFormatException;
import dev.labyrinth.reports.TraceHeaderInfo;
import dev.labyrinth.reports.TraceReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Exports a canonical trace as CSV tables, one per event type, plus {@code header.csv} naming the
 * run. One pass with one open writer per event type seen, so memory does not grow with the trace.
 * Where the files go is the caller's business ({@link Sink}), which keeps file handling (and
 * atomic publishing) in the command line.
 */
public final class CsvExporter {

  /** Opens one output file by name; the exporter closes what it opens. */
  @FunctionalInterface
  public interface Sink {
    OutputStream open(String fileName) throws IOException;
  }

  private CsvExporter() {}

  /** Writes the tables of {@code trace} through {@code sink}; returns the file names, sorted. */
  public static TreeSet<String> export(Path trace, Sink sink) throws IOException,
      TraceFormatException {
    String fingerprint = TraceFingerprint.of(trace);
    Map<String, CsvTable> tables = new LinkedHashMap<>();
    TreeSet<String> fileNames = new TreeSet<>();
    fileNames.add("header.csv");
    try (TraceReader reader = TraceReader.open(trace)) {
      writeHeader(reader.header(), fingerprint, sink.open("header.csv"));
      try {
        for (TraceEvent event = reader.next(); event != null; event = reader.next()) {
          CsvTable table = tables.get(event.name());
          if (table == null) {
            String fileName = fileName(event.name(), fileNames);
            fileNames.add(fileName);
            table = new CsvTable(writer(sink.open(fileName)), event);
            tables.put(event.name(), table);
          }
          table.write(event);
        }
      } finally {
        for (CsvTable table : tables.values()) {
          table.close();
        }
      }
    }
    return fileNames;
  }

  /**
   * {@code <event>.csv}, with any character outside {@code [A-Za-z0-9_-]} replaced by {@code _}
   * so a hostile event name cannot leave the directory; a clash with a name already used (or
   * {@code header.csv}) gets {@code -2}, {@code -3}, ... in order of first appearance.
   */
  static String fileName(String event, java.util.Set<String> taken) {
    StringBuilder safe = new StringBuilder();
    for (int i = 0; i < event.length(); i++) {
      char c = event.charAt(i);
      boolean ok = c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '-');
      safe.append(ok ? c : '_');
    }
    String base = safe.isEmpty() ? "_" : safe.toString();
    String name = base + ".csv";
    for (int n = 2; clashes(name, taken); n++) {
      name = base + "-" + n + ".csv";
    }
    return name;
  }

  /** Case-insensitively, since macOS and Windows file systems are. */
  private static boolean clashes(String name, java.util.Set<String> taken) {
    for (String used : taken) {
      if (used.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }

  private static void writeHeader(TraceHeaderInfo header, String fingerprint, OutputStream out)
      throws IOException {
    try (Writer text = writer(out)) {
      StringBuilder rows = new StringBuilder("key,value\n");
      row(rows, "format_version", header.version());
      row(rows, "scenario", header.scenario());
      row(rows, "scenario_sha256", header.scenarioSha256());
      row(rows, "seed", header.seed());
      row(rows, "overrides", header.overrides());
      row(rows, "fingerprint", fingerprint);
      text.write(rows.toString());
    }
  }

  private static void row(StringBuilder rows, String key, Object value) {
    rows.append(key).append(',');
    CsvCells.append(rows, value);
    rows.append('\n');
  }

  private static Writer writer(OutputStream out) {
    return new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 14);
  }
}
