package dev.labyrinth.emulator.machine;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.labyrinth.emulator.mm.AllocResult;
import dev.labyrinth.emulator.mm.PageAllocator;
import dev.labyrinth.emulator.sim.Tracer;
import java.util.function.LongSupplier;

/**
 * Adapts today's {@link PageAllocator} (no per-CPU lists, no reclaim) to {@link MemoryPort}.
 *
 * <p>Simplifications, each a TODO for the allocator with pcp lists and reclaim:
 *
 * <ul>
 *   <li>The allocator has no per-CPU lists, so a held pcp lock changes nothing inside it; the
 *       adapter records the bypass Linux's {@code rmqueue_pcplist()} would take as a Labyrinth
 *       {@code pcp_trylock_fail} event (orders 0..3, the orders pcp lists cache).
 *   <li>It never answers "block": a blocking caller whose allocation would enter direct reclaim
 *       ({@link AllocResult#directReclaim()}) simply fails, as the allocator reports it.
 *   <li>{@code zone->lock} spinning is not modelled: the zone lock is free whenever asked.
 * </ul>
 */
public final class PageAllocatorPort implements MemoryPort {
  /** Highest order Linux caches on pcp lists without THP ({@code pcp_allowed_order()}). */
  private static final int PCP_MAX_ORDER = 3;

  private final PageAllocator allocator;
  private final CallerPrefixTracer allocatorTracer;
  private final Tracer tracer;
  private final LongSupplier clockNs;

  /**
   * @param allocatorTracer the tracer the allocator was built with, so its records get the
   *     caller's prefix
   * @param tracer where the adapter's own records go
   */
  public PageAllocatorPort(PageAllocator allocator, CallerPrefixTracer allocatorTracer,
      Tracer tracer, LongSupplier clockNs) {
    this.allocator = checkNotNull(allocator);
    this.allocatorTracer = checkNotNull(allocatorTracer);
    this.tracer = checkNotNull(tracer);
    this.clockNs = checkNotNull(clockNs);
  }

  @Override
  public AllocOutcome allocate(Caller caller, int order, int gfpMask) {
    traceBypass(caller, order, "alloc");
    allocatorTracer.setCaller(caller);
    try {
      AllocResult r = allocator.allocate(order, gfpMask, caller.atomic());
      return r.succeeded() ? AllocOutcome.allocated(r.pfn()) : AllocOutcome.failed();
    } finally {
      allocatorTracer.setCaller(null);
    }
  }

  @Override
  public void free(Caller caller, long pfn, int order) {
    traceBypass(caller, order, "free");
    allocatorTracer.setCaller(caller);
    try {
      allocator.free(pfn, order);
    } finally {
      allocatorTracer.setCaller(null);
    }
  }

  private void traceBypass(Caller caller, int order, String op) {
    if (caller.pcpLockHeld() && order <= PCP_MAX_ORDER && tracer.enabled()) {
      tracer.begin("pcp_trylock_fail", clockNs.getAsLong())
          .put("cpu", caller.cpu()).put("ctx", caller.ctx().traceName())
          .put("comm", caller.comm()).put("pid", caller.pid())
          .put("op", op).put("order", order).end();
    }
  }
}
