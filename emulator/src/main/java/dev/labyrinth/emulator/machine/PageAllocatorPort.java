package dev.labyrinth.emulator.machine;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.labyrinth.emulator.mm.AllocContext;
import dev.labyrinth.emulator.mm.AllocRequest;
import dev.labyrinth.emulator.mm.Lru;
import dev.labyrinth.emulator.mm.PageAllocator;
import java.util.ArrayList;
import java.util.Arrays;

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

  /**
   * Requests sleeping in the slow path: at most one per task, so few. A list searched by pid
   * rather than a map keyed by a boxed pid: every allocation looks here.
   */
  private final ArrayList<PendingRequest> pending = new ArrayList<>();

  /**
   * A done request kept for the next call to restart instead of building a new one (most calls
   * finish at once), or null. A request that blocks goes to {@link #pending} instead.
   */
  private AllocRequest finishedRequest;

  /** By CPU: the caller {@link #contexts} was last built for (compared by identity). */
  private Caller[] contextCallers = new Caller[0];
  private AllocContext[] contexts = new AllocContext[0];

  public PageAllocatorPort(PageAllocator allocator) {
    this.allocator = checkNotNull(allocator);
  }

  @Override
  public AllocOutcome allocate(Caller caller, int order, int gfpMask) {
    return PackedOutcome.toOutcome(allocatePacked(caller, order, gfpMask));
  }

  /**
   * The allocation itself. The request's outcome is read from the request ({@code pfn()}), and
   * the answer is a packed long: no result, progress or outcome object per call.
   */
  @Override
  public long allocatePacked(Caller caller, int order, int gfpMask) {
    AllocContext context = context(caller);
    PendingRequest waiting = removePending(caller.pid());
    AllocRequest request;
    if (waiting != null && waiting.order == order && waiting.gfpMask == gfpMask) {
      request = waiting.request;
    } else {
      request = allocator.request(order, gfpMask, context, finishedRequest);
      finishedRequest = null; // in use until it is done
    }
    long delayNs;
    boolean lock = lockPcpIfHeld(caller);
    try {
      delayNs = request.advanceNs();
    } finally {
      unlockPcp(caller, lock);
    }
    if (delayNs != 0) {
      pending.add(new PendingRequest(caller.pid(), order, gfpMask, request));
      return PackedOutcome.blockThenRetry(delayNs);
    }
    finishedRequest = request;
    long pfn = request.pfn();
    return pfn >= 0 ? pfn : PackedOutcome.FAILED;
  }

  @Override
  public void free(Caller caller, long pfn, int order) {
    AllocContext context = context(caller);
    boolean lock = lockPcpIfHeld(caller);
    try {
      allocator.free(pfn, order, context);
    } finally {
      unlockPcp(caller, lock);
    }
  }

  @Override
  public void lruAdd(long pfn, int order, Lru lru) {
    allocator.lruAdd(pfn, order, lru);
  }

  @Override
  public void setZoneLockListener(dev.labyrinth.emulator.mm.ZoneLockListener listener) {
    allocator.setZoneLockListener(listener);
  }

  /**
   * Marks the CPU's per-CPU list lock held inside the allocator for this call when the caller
   * interrupted its holder; true when it did (undo with {@link #unlockPcp}). Explicit calls
   * rather than a lambda around the call: a capturing lambda would be an object per allocation.
   */
  private boolean lockPcpIfHeld(Caller caller) {
    boolean lock = caller.onCpu() && caller.pcpLockHeld();
    if (lock) {
      allocator.pcpLock(caller.cpu());
    }
    return lock;
  }

  private void unlockPcp(Caller caller, boolean locked) {
    if (locked) {
      allocator.pcpUnlock(caller.cpu());
    }
  }

  /**
   * The allocator's view of {@code caller}. Both are immutable, and a CPU hands out the same
   * {@link Caller} while nothing in it changes ({@code Cpu.caller}), so the context last built
   * for each CPU is kept and reused for that same caller instead of being rebuilt per call.
   */
  private AllocContext context(Caller caller) {
    if (!caller.onCpu()) {
      return AllocContext.NONE_TASK;
    }
    int cpu = caller.cpu();
    if (cpu >= contextCallers.length) {
      contextCallers = Arrays.copyOf(contextCallers, cpu + 1);
      contexts = Arrays.copyOf(contexts, cpu + 1);
    }
    if (contextCallers[cpu] != caller) {
      contexts[cpu] = new AllocContext(cpu, caller.ctx(), caller.comm(), caller.pid(),
          caller.irqsDisabled());
      contextCallers[cpu] = caller;
    }
    return contexts[cpu];
  }

  /** Takes the request task {@code pid} left sleeping, or null. */
  private PendingRequest removePending(int pid) {
    for (int i = 0; i < pending.size(); i++) {
      if (pending.get(i).pid == pid) {
        return pending.remove(i);
      }
    }
    return null;
  }

  private record PendingRequest(int pid, int order, int gfpMask, AllocRequest request) {}
}
