package dev.labyrinth.emulator.cli;

import dev.labyrinth.emulator.run.RunFailure;
import java.io.PrintWriter;

/**
 * Prints a failed run for a person: what broke, where (seed, step, emulated time) and the last
 * trace records before it, then how to replay it. A broken invariant is a failed check (exit 3);
 * an event that crashed is a bug in Labyrinth (exit 1).
 */
final class RunFailures {

  private RunFailures() {}

  static int print(RunFailure failure, PrintWriter err) {
    Throwable cause = failure.getCause();
    String what = cause == null ? "" : String.valueOf(cause.getMessage());
    if (failure.isInvariantViolation()) {
      err.println("labyrinth: invariant '" + failure.invariant() + "' violated at step "
          + failure.step() + ", time " + failure.timeNs() + " ns, seed " + failure.seed());
    } else {
      err.println("labyrinth: internal error: an event crashed at step " + failure.step()
          + ", time " + failure.timeNs() + " ns, seed " + failure.seed());
    }
    err.println("  " + (cause == null ? "" : cause.getClass().getSimpleName() + ": ")
        + what.replace("\n", "\n  "));
    if (!failure.lastRecords().isEmpty()) {
      err.println("  last " + failure.lastRecords().size() + " trace records:");
      for (String record : failure.lastRecords()) {
        err.println("    " + record);
      }
    }
    err.println("  replay with --seed " + failure.seed() + " --max-events " + failure.step()
        + " --paranoid; no trace was written");
    err.flush();
    return failure.isInvariantViolation() ? ExitCodes.CHECK_FAILED : ExitCodes.INTERNAL_ERROR;
  }
}
