package dev.labyrinth.emulator.cli;

import dev.labyrinth.reports.TraceFormatException;
import dev.labyrinth.reports.html.HtmlReport;
import dev.labyrinth.reports.html.ReportSources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a trace's HTML report atomically; shared by {@code report} and by {@code run}, which
 * writes {@code report.html} beside {@code trace.jsonl} unless told {@code --no-report}. Kept out
 * of {@code RunCommand} so that command only gains one call.
 */
final class RunReport {

  private RunReport() {}

  /** {@code DIR/trace.jsonl} reports to {@code DIR/report.html}. */
  static Path besideTrace(Path trace) {
    return trace.getParent() == null ? Path.of("report.html")
        : trace.getParent().resolve("report.html");
  }

  /** The report of a fresh run: the scenario is named as the user gave it on the command line. */
  static Path afterRun(Path trace, Path scenarioAsGiven) throws IOException,
      TraceFormatException {
    Path target = besideTrace(trace);
    write(trace, ReportSources.withScenario(scenarioAsGiven.toString(),
        Files.readAllBytes(scenarioAsGiven)), target);
    return target;
  }

  static void write(Path trace, ReportSources sources, Path target) throws IOException,
      TraceFormatException {
    byte[] html = HtmlReport.render(trace, sources);
    AtomicFiles.write(target, out -> {
      out.write(html);
      return null;
    });
  }
}
