package dev.labyrinth.emulator.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code labyrinth diff}: the first divergence between two saved traces. */
@Command(name = "diff", mixinStandardHelpOptions = true,
    description = {"Show the first divergence between two canonical traces and the chain of "
        + "earlier records that led to it.",
        "Exit code 0 when byte-identical; 3 with the first diverging event when not."})
final class DiffCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "TRACE_A", description = "The expected trace.")
  Path traceA;

  @Parameters(index = "1", paramLabel = "TRACE_B", description = "The actual trace.")
  Path traceB;

  @Mixin
  IngredientOptions ingredientOptions = new IngredientOptions();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    int code = DivergenceReport.compare(traceA, traceA.toString(), traceB, traceB.toString(),
        ingredientOptions.ingredients(), out);
    if (code == ExitCodes.OK) {
      out.println("identical");
      out.flush();
    }
    return code;
  }
}
