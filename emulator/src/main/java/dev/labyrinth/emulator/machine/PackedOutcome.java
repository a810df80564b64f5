package dev.labyrinth.emulator.machine;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * An {@link AllocOutcome} packed into one {@code long}, for {@link MemoryPort#allocatePacked}:
 * the machine allocates thousands of times per emulated second, and an outcome record per call
 * was a large share of a run's garbage.
 *
 * <p>The encoding: a value &gt;= 0 is the pfn of the block; -1 is a failure; a value &lt;= -2 is
 * "sleep {@code -1 - value} ns, then retry" (a sleep is at least 1 ns, so the ranges do not
 * overlap, and {@code Long.MAX_VALUE} ns packs to {@code Long.MIN_VALUE}).
 */
public final class PackedOutcome {
  /** A failed allocation. */
  public static final long FAILED = -1;

  private PackedOutcome() {}

  /** A block at {@code pfn}. */
  public static long allocated(long pfn) {
    checkArgument(pfn >= 0, "pfn %s", pfn);
    return pfn;
  }

  /** Sleep {@code blockNs} (&gt; 0), then call again. */
  public static long blockThenRetry(long blockNs) {
    checkArgument(blockNs > 0, "blockNs %s", blockNs);
    return -1 - blockNs;
  }

  public static boolean succeeded(long packed) {
    return packed >= 0;
  }

  public static boolean mustBlock(long packed) {
    return packed < FAILED;
  }

  /** The pfn of a success, else -1 (as {@link AllocOutcome#pfn()}). */
  public static long pfn(long packed) {
    return packed >= 0 ? packed : -1;
  }

  /** The sleep of a blocked call, else 0 (as {@link AllocOutcome#blockNs()}). */
  public static long blockNs(long packed) {
    return packed < FAILED ? -1 - packed : 0;
  }

  public static long of(AllocOutcome outcome) {
    return outcome.mustBlock() ? blockThenRetry(outcome.blockNs())
        : outcome.succeeded() ? outcome.pfn() : FAILED;
  }

  public static AllocOutcome toOutcome(long packed) {
    return mustBlock(packed) ? AllocOutcome.blockThenRetry(blockNs(packed))
        : succeeded(packed) ? AllocOutcome.allocated(packed) : AllocOutcome.failed();
  }
}
