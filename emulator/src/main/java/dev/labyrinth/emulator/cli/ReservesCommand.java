package dev.labyrinth.emulator.cli;

import dev.labyrinth.reports.reserves.ReserveAnalysis;
import dev.labyrinth.reports.reserves.ReserveReportJson;
import dev.labyrinth.reports.reserves.ReserveReportText;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code labyrinth reserves}: where allocations hit the reserves in a saved trace, and why. */
@Command(name = "reserves", mixinStandardHelpOptions = true,
    description = {"Analyse where allocations went below the low watermark and into the "
        + "reserves, and why.",
        "Groups them by tier, GFP mask, caller and CPU; for each reserve hit and failure shows "
            + "what drained the zone since it was last at high, and what kswapd was doing."})
final class ReservesCommand implements Callable<Integer> {

  /** The output formats. */
  enum Format { TEXT, JSON }

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "TRACE", description = "A canonical trace (trace.jsonl).")
  Path trace;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
      description = "text (default) or json.")
  Format format;

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(trace)) {
      throw new BadInputException(trace + ": no such trace file");
    }
    ReserveAnalysis analysis = ReserveAnalysis.of(trace);
    PrintWriter out = spec.commandLine().getOut();
    out.print(format == Format.JSON ? ReserveReportJson.render(analysis)
        : ReserveReportText.render(analysis));
    out.flush();
    return ExitCodes.OK;
  }
}
