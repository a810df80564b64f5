package dev.labyrinth.emulator.vm;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * A {@link FrameSource} for tests: order-0 frames from a fixed pool, lowest pfn first, with an
 * optional limit after which allocations fail, and a record of every allocation's mask.
 */
final class FakeFrames implements FrameSource {
  private final TreeSet<Long> free = new TreeSet<>();
  private final long endPfn;
  final List<Integer> masks = new ArrayList<>();
  /** Allocations that will still succeed; negative = unlimited. */
  long budget = -1;

  FakeFrames(int frames) {
    for (long pfn = 1; pfn <= frames; pfn++) {
      free.add(pfn);
    }
    endPfn = frames + 1L;
  }

  @Override
  public long allocate(int order, int gfpMask) {
    checkArgument(order == 0, "order %s", order);
    masks.add(gfpMask);
    if (budget == 0 || free.isEmpty()) {
      return -1;
    }
    if (budget > 0) {
      budget--;
    }
    return free.pollFirst();
  }

  @Override
  public void free(long pfn, int order) {
    checkArgument(order == 0 && pfn > 0 && pfn < endPfn && free.add(pfn), "bad free %s", pfn);
  }

  @Override
  public long endPfn() {
    return endPfn;
  }

  int used() {
    return (int) (endPfn - 1 - free.size());
  }
}
