package dev.labyrinth.emulator.vm;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.labyrinth.emulator.mm.PageAllocator;
import dev.labyrinth.emulator.mm.Zone;

/**
 * {@link FrameSource} over today's {@link PageAllocator}: every vm allocation runs in task
 * context ({@code atomicContext} false), as page faults, fork and GUP do in Linux.
 */
public final class PageAllocatorFrameSource implements FrameSource {
  private final PageAllocator allocator;
  private final long endPfn;

  public PageAllocatorFrameSource(PageAllocator allocator) {
    this.allocator = checkNotNull(allocator);
    long end = 0;
    for (Zone z : allocator.zones()) {
      end = Math.max(end, z.spec().endPfn());
    }
    this.endPfn = end;
  }

  @Override
  public long allocate(int order, int gfpMask) {
    return allocator.allocate(order, gfpMask, false).pfn();
  }

  @Override
  public void free(long pfn, int order) {
    allocator.free(pfn, order);
  }

  @Override
  public long endPfn() {
    return endPfn;
  }
}
