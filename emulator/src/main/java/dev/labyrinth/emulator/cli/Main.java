package dev.labyrinth.emulator.cli;

import dev.labyrinth.emulator.scenario.Problem;
import dev.labyrinth.emulator.scenario.ScenarioException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code labyrinth} command. Exit codes: 0 ok, 1 internal error, 2 bad input, 3 a check
 * failed. A user never sees a stack trace for their own mistakes; an internal error prints one
 * only when {@code LABYRINTH_DEBUG} is set.
 */
@Command(name = "labyrinth", mixinStandardHelpOptions = true, version = "labyrinth 0.1.0",
    description = "A deterministic emulator of a Linux machine's memory under interrupt pressure.",
    subcommands = {RunCommand.class, ValidateCommand.class, VerifyCommand.class,
        DiffCommand.class, RecordCommand.class, ExportCommand.class,
        ReservesCommand.class, ReportCommand.class, InspectCommand.class,
        SweepCommand.class, MergeCommand.class, SizeReserveCommand.class, BenchCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:ok", "1:internal error (a bug in Labyrinth)",
        "2:bad input (arguments, scenario or trace file)", "3:a check failed (e.g. a diverging trace)"})
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out,
        StandardCharsets.UTF_8), true);
    PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err,
        StandardCharsets.UTF_8), true);
    System.exit(execute(args, out, err));
  }

  /** Runs the command line in-process; the entry point tests use. */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine commandLine = new CommandLine(new Main())
        .setOut(out)
        .setErr(err)
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler((e, cmd, parsed) -> report(e, cmd.getErr()));
    commandLine.setParameterExceptionHandler((e, args1) -> {
      PrintWriter errors = e.getCommandLine().getErr();
      errors.println("labyrinth: " + e.getMessage());
      e.getCommandLine().usage(errors);
      errors.flush();
      return ExitCodes.BAD_INPUT;
    });
    int code = commandLine.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  private static int report(Exception e, PrintWriter err) {
    int code;
    if (e instanceof ScenarioException problems) {
      for (Problem problem : problems.problems()) {
        err.println(problem.format());
      }
      err.println(problems.problems().size() == 1 ? "1 problem" : problems.problems().size()
          + " problems");
      code = ExitCodes.BAD_INPUT;
    } else if (e instanceof dev.labyrinth.emulator.run.RunFailure failure) {
      code = RunFailures.print(failure, err);
    } else if (e instanceof BadInputException) {
      err.println("labyrinth: " + e.getMessage());
      code = ExitCodes.BAD_INPUT;
    } else if (e instanceof NoSuchFileException missing) {
      err.println("labyrinth: " + missing.getFile() + ": no such file");
      code = ExitCodes.BAD_INPUT;
    } else if (e instanceof AccessDeniedException denied) {
      err.println("labyrinth: " + denied.getFile() + ": permission denied");
      code = ExitCodes.BAD_INPUT;
    } else if (e instanceof dev.labyrinth.reports.TraceFormatException bad) {
      err.println("labyrinth: " + bad.getMessage());
      code = ExitCodes.BAD_INPUT;
    } else if (e instanceof IOException || e instanceof UncheckedIOException) {
      err.println("labyrinth: I/O error: " + e.getMessage());
      code = ExitCodes.BAD_INPUT;
    } else {
      err.println("labyrinth: internal error: " + e);
      if (System.getenv("LABYRINTH_DEBUG") != null) {
        e.printStackTrace(err);
      } else {
        err.println("(this is a bug in Labyrinth; set LABYRINTH_DEBUG=1 for the stack trace)");
      }
      code = ExitCodes.INTERNAL_ERROR;
    }
    err.flush();
    return code;
  }
}
