package dev.labyrinth.emulator.cli;

/**
 * Carries a run's checked exception (a scenario problem, say) out through
 * {@link AtomicFiles.Writer}, which may throw only I/O errors; {@link #unwrap} restores it so
 * {@code Main} reports it as usual.
 */
final class SweepFailure extends RuntimeException {

  private static final long serialVersionUID = 1L;

  SweepFailure(Exception cause) {
    super(cause);
  }

  Exception unwrap() {
    return (Exception) getCause();
  }
}
