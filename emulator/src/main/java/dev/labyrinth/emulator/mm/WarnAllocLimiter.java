package dev.labyrinth.emulator.mm;

/**
 * The rate limit of {@code warn_alloc()}: {@code DEFINE_RATELIMIT_STATE(nopage_rs, 10*HZ, 1)}
 * checked by {@code ___ratelimit()} (lib/ratelimit.c), in emulated time. One report per 10 s
 * window (burst 1); suppressed calls are counted and, when the next window opens, reported as
 * {@code warn_alloc: N callbacks suppressed} before the next report.
 */
final class WarnAllocLimiter {
  static final long INTERVAL_NS = 10_000_000_000L;
  static final int BURST = 1;

  private boolean started;
  private long beginNs;
  private int printed;
  private int missed;
  /** Suppressed count to report before the report just allowed; set by {@link #allow}. */
  private int reportMissed;

  /** Whether a report at {@code nowNs} may print. */
  boolean allow(long nowNs) {
    reportMissed = 0;
    if (!started) {
      started = true;
      beginNs = nowNs;
    }
    if (nowNs > beginNs + INTERVAL_NS) { // time_is_before_jiffies(begin + interval)
      reportMissed = missed;
      missed = 0;
      beginNs = nowNs;
      printed = 0;
    }
    if (printed < BURST) {
      printed++;
      return true;
    }
    missed++;
    return false;
  }

  /** The "callbacks suppressed" count flushed by the last {@link #allow} (0 if none). */
  int reportMissed() {
    return reportMissed;
  }
}
