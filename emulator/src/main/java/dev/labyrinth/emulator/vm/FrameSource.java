package dev.labyrinth.emulator.vm;

/**
 * Where the vm takes and returns physical frames: the one seam between page tables and the page
 * allocator. Today {@link PageAllocatorFrameSource} adapts {@code mm.PageAllocator}; the machine
 * may later supply one that enters direct reclaim (and so lets a fault block) before failing.
 */
public interface FrameSource {

  /**
   * Allocates {@code 2^order} frames with {@code gfpMask}, from task context.
   *
   * @return the first pfn, or -1 when the allocation failed (the machine's behaviour, not an
   *     error)
   */
  long allocate(int order, int gfpMask);

  /**
   * Whether the last failed {@link #allocate} would succeed after the caller sleeps in direct
   * reclaim: the machine's task then sleeps and repeats the operation. The vm traces such a
   * failure as {@code retry} and counts no failure. False for sources that never block.
   */
  default boolean mustRetry() {
    return false;
  }

  /** Returns a block obtained from {@link #allocate} with the same order. */
  void free(long pfn, int order);

  /** One past the highest pfn {@link #allocate} can return; sizes the per-frame metadata. */
  long endPfn();
}
