package dev.labyrinth.emulator.mm;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.labyrinth.emulator.sim.RandomStream;

/**
 * The reclaim-side fault sites a scenario's {@code faults:} can switch on: a kswapd that starts
 * reclaiming late after each wake-up, and reclaim (kswapd and direct) that reclaims nothing.
 *
 * <p>Both are off by default and then cost one branch each; an enabled site draws only from the
 * stream it was given (the run names it {@code fault/<site>}), so switching one on never moves
 * the numbers any other component sees. Each decision writes a {@code fault_inject} record, so a
 * trace shows why reclaim behaved as it did.
 *
 * <p>Not Linux: these are injected faults, not kernel behaviour. What they stand for: a kswapd
 * thread starved of CPU or stuck behind a lock ({@code kswapd()} runs late after
 * {@code wakeup_kswapd()}), and a {@code shrink_node()} pass whose pages all turn out
 * unreclaimable (dirty, under writeback, pinned). Simplification: a pass that reclaims nothing
 * here isolates nothing and so costs no emulated time, where Linux would spend the scan.
 */
public final class ReclaimFaults {
  private long kswapdDelayNs;
  private boolean kswapdDelayRandom;
  private RandomStream kswapdDelayStream;

  private boolean noProgress;
  private long noProgressStartNs;
  private long noProgressEndNs;
  private int noProgressPercent;
  private RandomStream noProgressStream;

  ReclaimFaults() {}

  /**
   * Delays every kswapd wake-up by {@code delayNs}, or, when {@code random}, by a delay drawn
   * uniformly from {@code 0..delayNs} from {@code stream}.
   */
  public void enableKswapdDelay(long delayNs, boolean random, RandomStream stream) {
    checkArgument(delayNs > 0, "delayNs %s", delayNs);
    this.kswapdDelayNs = delayNs;
    this.kswapdDelayRandom = random;
    this.kswapdDelayStream = checkNotNull(stream);
  }

  /**
   * Makes reclaim attempts starting in {@code [startNs, endNs)} reclaim nothing, each with
   * chance {@code percent}/100 drawn from {@code stream}.
   */
  public void enableNoProgress(long startNs, long endNs, int percent, RandomStream stream) {
    checkArgument(startNs >= 0 && endNs > startNs, "window [%s, %s)", startNs, endNs);
    checkArgument(percent >= 1 && percent <= 100, "percent %s", percent);
    this.noProgress = true;
    this.noProgressStartNs = startNs;
    this.noProgressEndNs = endNs;
    this.noProgressPercent = percent;
    this.noProgressStream = checkNotNull(stream);
  }

  boolean kswapdDelayed() {
    return kswapdDelayNs > 0;
  }

  /** The delay of this wake-up (draws when random). */
  long nextKswapdDelayNs() {
    return kswapdDelayRandom ? kswapdDelayStream.uniformNs(0, kswapdDelayNs + 1) : kswapdDelayNs;
  }

  /** Whether a reclaim attempt starting at {@code nowNs} reclaims nothing (draws when partial). */
  boolean blocksReclaim(long nowNs) {
    if (!noProgress || nowNs < noProgressStartNs || nowNs >= noProgressEndNs) {
      return false;
    }
    return noProgressPercent == 100 || noProgressStream.nextInt(100) < noProgressPercent;
  }
}
