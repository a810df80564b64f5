package dev.labyrinth.emulator.cli;

import dev.labyrinth.reports.html.ReportSources;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code labyrinth report}: the self-contained HTML report of a saved trace. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Write the HTML report of a trace: one self-contained file (inline CSS and "
        + "SVG, no network) showing free pages against the watermarks, every reserve hit and "
        + "failure with its cause, IRQ latency, reclaim, COW and the counters.",
        "The same trace always gives the same bytes. See docs/report.md."})
final class ReportCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "TRACE", description = "A canonical trace (trace.jsonl).")
  Path trace;

  @Option(names = "--out", paramLabel = "FILE",
      description = "Output file (default: report.html next to the trace).")
  Path out;

  @Option(names = "--scenario", paramLabel = "FILE",
      description = "The scenario file the trace came from: the report shows its text and a "
          + "replay command naming it (as given), and says whether it matches the trace.")
  Path scenario;

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(trace)) {
      throw new BadInputException(trace + ": no such trace file");
    }
    if (scenario != null && !Files.isRegularFile(scenario)) {
      throw new BadInputException(scenario + ": no such scenario file");
    }
    ReportSources sources = scenario == null ? ReportSources.traceOnly()
        : ReportSources.withScenario(scenario.toString(), Files.readAllBytes(scenario));
    Path target = out != null ? out : RunReport.besideTrace(trace);
    RunReport.write(trace, sources, target);
    PrintWriter printer = spec.commandLine().getOut();
    printer.println("report: " + target);
    printer.flush();
    return ExitCodes.OK;
  }
}
