package dev.labyrinth.emulator.machine;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Blocks a task or device allocated and keeps for a later free step, oldest first.
 *
 * <p>Each block is one {@code long} in a {@link LongFifo}, {@code pfn << 4 | order} (orders are
 * at most 10), rather than a {@code long[] {pfn, order}} per block: a task that keeps what it
 * allocates adds one per allocation. {@link #pfnOf} and {@link #orderOf} unpack it.
 */
final class KeptBlocks {
  /** What {@link #pollOldest()} answers when no block is kept (no packed block is negative). */
  static final long NONE = -1;
  private static final int ORDER_BITS = 4;
  private static final long MAX_PFN = Long.MAX_VALUE >>> ORDER_BITS;

  private final LongFifo blocks = new LongFifo();
  private long pages;

  void add(long pfn, int order) {
    checkArgument(pfn >= 0 && pfn <= MAX_PFN && order >= 0 && order < (1 << ORDER_BITS),
        "block pfn %s order %s", pfn, order);
    blocks.addLast(pfn << ORDER_BITS | order);
    pages += 1L << order;
  }

  /**
   * Removes and returns the oldest block, packed (read it with {@link #pfnOf} and
   * {@link #orderOf}), or {@link #NONE}.
   */
  long pollOldest() {
    if (blocks.isEmpty()) {
      return NONE;
    }
    long b = blocks.removeFirst();
    pages -= 1L << orderOf(b);
    return b;
  }

  static long pfnOf(long block) {
    return block >>> ORDER_BITS;
  }

  static int orderOf(long block) {
    return (int) (block & ((1 << ORDER_BITS) - 1));
  }

  /** Pages in all kept blocks: the owner's rss as the OOM killer sees it. */
  long pages() {
    return pages;
  }

  int size() {
    return blocks.size();
  }
}
