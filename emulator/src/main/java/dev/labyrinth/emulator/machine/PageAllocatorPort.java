package dev.labyrinth.emulator.machine;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.labyrinth.emulator.mm.AllocContext;
import dev.labyrinth.emulator.mm.AllocRequest;
import dev.labyrinth.emulator.mm.Lru;
import dev.labyrinth.emulator.mm.PageAllocator;
import dev.labyrinth.emulator.mm.Progress;
import java.util.TreeMap;

/**
 * Connects the machine's callers to the {@link PageAllocator}: who is calling (CPU, context, task),
 * whether the CPU's per-CPU list lock is held by the code the call interrupted, and the slow path's
 * sleeps.
 *
 * <p>A blocking request that enters direct reclaim takes emulated time: the allocator's
 * {@link AllocRequest} answers "sleep this long", the port tells the task to block, and when the
 * task retries the same call the port advances the same request rather than starting a new one,
 * as a Linux task returns into {@code __alloc_pages_slowpath()} after {@code cond_resched()}.
 *
 * <p>The per-CPU lock is held by a task for the duration of its allocation step (see
 * {@code Cpu}); an interrupt on that CPU meanwhile calls with {@link Caller#pcpLockHeld()}, and
 * the port marks the lock held inside the allocator for that call, so the allocator's trylock
 * fails and it takes the buddy lists under the zone lock ({@code mm_pcp_bypass}).
 *
 * <p>The allocator reports each {@code zone->lock} section a call entered to the machine's
 * listener ({@link #setZoneLockListener}), which gives it time and makes other CPUs spin.
 */
public final class PageAllocatorPort implements MemoryPort {

  private final PageAllocator allocator;

  /** Requests sleeping in the slow path, by pid: at most one per task. */
  private final TreeMap<Integer, PendingRequest> pending = new TreeMap<>();

  public PageAllocatorPort(PageAllocator allocator) {
    this.allocator = checkNotNull(allocator);
  }

  @Override
  public AllocOutcome allocate(Caller caller, int order, int gfpMask) {
    AllocContext context = context(caller);
    PendingRequest waiting = pending.remove(caller.pid());
    AllocRequest request = waiting != null && waiting.order == order && waiting.gfpMask == gfpMask
        ? waiting.request : allocator.request(order, gfpMask, context);
    Progress progress = withPcpLock(caller, request::advance);
    if (!progress.isDone()) {
      pending.put(caller.pid(), new PendingRequest(order, gfpMask, request));
      return AllocOutcome.blockThenRetry(progress.delayNs());
    }
    long pfn = progress.result().pfn();
    return pfn >= 0 ? AllocOutcome.allocated(pfn) : AllocOutcome.failed();
  }

  @Override
  public void free(Caller caller, long pfn, int order) {
    AllocContext context = context(caller);
    withPcpLock(caller, () -> {
      allocator.free(pfn, order, context);
      return null;
    });
  }

  @Override
  public void lruAdd(long pfn, int order, Lru lru) {
    allocator.lruAdd(pfn, order, lru);
  }

  @Override
  public void setZoneLockListener(dev.labyrinth.emulator.mm.ZoneLockListener listener) {
    allocator.setZoneLockListener(listener);
  }

  private <T> T withPcpLock(Caller caller, java.util.function.Supplier<T> call) {
    boolean lock = caller.onCpu() && caller.pcpLockHeld();
    if (lock) {
      allocator.pcpLock(caller.cpu());
    }
    try {
      return call.get();
    } finally {
      if (lock) {
        allocator.pcpUnlock(caller.cpu());
      }
    }
  }

  private static AllocContext context(Caller caller) {
    if (!caller.onCpu()) {
      return AllocContext.NONE_TASK;
    }
    return new AllocContext(caller.cpu(), caller.ctx(), caller.comm(), caller.pid(),
        caller.irqsDisabled());
  }

  private record PendingRequest(int order, int gfpMask, AllocRequest request) {}
}
