package dev.labyrinth.emulator.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Progress of a sweep on stderr: a redrawn bar on an interactive terminal, otherwise a plain line
 * every 10 seconds (and at the end) so CI logs stay readable. Reads the wall clock, which is
 * allowed here in {@code cli} and never reaches an output file.
 */
final class SweepProgress {

  private static final long PLAIN_EVERY_NS = 10_000_000_000L;
  private static final long BAR_EVERY_NS = 200_000_000L;
  private static final int BAR_WIDTH = 30;

  private final PrintWriter err;
  private final long total;
  private final boolean terminal;
  private final boolean quiet;
  private final AtomicLong done = new AtomicLong();
  private final long startNs = System.nanoTime();
  private long lastDrawNs = startNs;

  SweepProgress(PrintWriter err, long total, boolean terminal, boolean quiet) {
    this.err = err;
    this.total = total;
    this.terminal = terminal;
    this.quiet = quiet;
  }

  /** Called by worker threads when a run ends. */
  void completed() {
    done.incrementAndGet();
  }

  /** Called by the ordering thread; redraws when it is time. */
  synchronized void tick() {
    long now = System.nanoTime();
    if (quiet || now - lastDrawNs < (terminal ? BAR_EVERY_NS : PLAIN_EVERY_NS)) {
      return;
    }
    lastDrawNs = now;
    draw(now, false);
  }

  synchronized void finish() {
    if (!quiet) {
      draw(System.nanoTime(), true);
    }
  }

  /** Runs per second since the start. */
  double rate() {
    double seconds = Math.max(1e-9, (System.nanoTime() - startNs) / 1e9);
    return done.get() / seconds;
  }

  private void draw(long now, boolean last) {
    long n = done.get();
    double seconds = Math.max(1e-9, (now - startNs) / 1e9);
    double perSecond = n / seconds;
    String eta = perSecond > 0 && n < total
        ? String.format(Locale.ROOT, " eta %ds", (long) Math.ceil((total - n) / perSecond)) : "";
    String figures = String.format(Locale.ROOT, "%d/%d runs, %.1f runs/s, %.1fs%s", n, total,
        perSecond, seconds, eta);
    if (terminal) {
      int filled = total == 0 ? BAR_WIDTH : (int) (BAR_WIDTH * n / total);
      err.print("\r[" + "#".repeat(filled) + " ".repeat(BAR_WIDTH - filled) + "] " + figures
          + "   ");
      if (last) {
        err.println();
      }
    } else {
      err.println("sweep: " + figures);
    }
    err.flush();
  }
}
