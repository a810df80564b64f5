package dev.labyrinth.emulator.machine;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * What {@link MemoryPort#allocate} answers: a block, a failure, or "sleep this long, then call
 * again" (a task in direct reclaim or waiting for kswapd sleeps; only a task may be told this).
 *
 * @param pfn the first frame of the block, or -1
 * @param blockNs &gt; 0: the caller must sleep this long (state D) and then retry the same call
 */
public record AllocOutcome(long pfn, long blockNs) {
  private static final AllocOutcome FAILED = new AllocOutcome(-1, 0);

  public AllocOutcome {
    checkArgument(blockNs >= 0, "blockNs %s", blockNs);
    checkArgument(blockNs == 0 || pfn == -1, "a blocked call has no block yet");
  }

  public static AllocOutcome allocated(long pfn) {
    checkArgument(pfn >= 0, "pfn %s", pfn);
    return new AllocOutcome(pfn, 0);
  }

  public static AllocOutcome failed() {
    return FAILED;
  }

  public static AllocOutcome blockThenRetry(long blockNs) {
    checkArgument(blockNs > 0, "blockNs %s", blockNs);
    return new AllocOutcome(-1, blockNs);
  }

  public boolean succeeded() {
    return pfn >= 0;
  }

  public boolean mustBlock() {
    return blockNs > 0;
  }
}
