package dev.labyrinth.emulator.machine;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.labyrinth.emulator.vm.FrameSource;

/**
 * The vm's frames, taken through the machine's {@link MemoryPort} as the task that faults, forks
 * or pins: the allocation carries that task's CPU, context and pid, so its {@code mm_page_alloc}
 * record has the task's context prefix, as Linux's would.
 *
 * <p>When the port answers {@link AllocOutcome#blockThenRetry} (direct reclaim or a wait for
 * kswapd), this source reports a failed allocation with {@link #mustRetry()} true; the vm traces
 * {@code retry}, and {@link Processes} puts the task to sleep (state D) for the block and then
 * repeats the operation, which asks the port again and so continues the same slow-path request.
 * Simplification: Linux sleeps inside the allocation; here the operation is undone up to the
 * failed allocation and repeated.
 */
final class PortFrameSource implements FrameSource {
  private final MemoryPort port;
  private final long endPfn;
  /** Who calls now; set by {@link Processes} around every vm call. */
  Caller caller = Caller.NONE;
  /** The block the last failed allocation asked for, or 0. */
  long blockNs;

  PortFrameSource(MemoryPort port, long endPfn) {
    this.port = checkNotNull(port);
    this.endPfn = endPfn;
  }

  @Override
  public long allocate(int order, int gfpMask) {
    long o = port.allocatePacked(caller, order, gfpMask);
    blockNs = PackedOutcome.blockNs(o);
    return PackedOutcome.pfn(o);
  }

  @Override
  public boolean mustRetry() {
    return blockNs > 0;
  }

  @Override
  public void free(long pfn, int order) {
    port.free(caller, pfn, order);
  }

  @Override
  public long endPfn() {
    return endPfn;
  }
}
