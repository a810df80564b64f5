package dev.labyrinth.emulator.mm;

import dev.labyrinth.emulator.sim.Tracer;
import java.util.function.LongSupplier;

/**
 * Writes the allocator's trace records: Linux's tracepoint names and fields first (after the
 * context prefix {@code cpu, ctx, comm, pid} when the code ran on an emulated CPU), then
 * Labyrinth's own fields. One place, so docs/trace-format.md can be checked against it.
 */
final class MmTrace {
  final Tracer tracer;
  private final LongSupplier clockNs;

  MmTrace(Tracer tracer, LongSupplier clockNs) {
    this.tracer = tracer;
    this.clockNs = clockNs;
  }

  boolean on() {
    return tracer.enabled();
  }

  long nowNs() {
    return clockNs.getAsLong();
  }

  /** Begins a record with the context prefix when {@code ctx} is on a CPU. */
  Tracer.Record begin(String event, AllocContext ctx) {
    Tracer.Record r = tracer.begin(event, clockNs.getAsLong());
    if (ctx != null && ctx.onCpu()) {
      r.put("cpu", ctx.cpu()).put("ctx", ctx.ctx().traceName()).put("comm", ctx.comm())
          .put("pid", ctx.pid());
    }
    return r;
  }

  /** {@code mm_page_free}: pfn, order; then zone, free_before. */
  void pageFree(AllocContext ctx, long pfn, int order, Zone z, long freeBefore) {
    begin("mm_page_free", ctx).put("pfn", pfn).put("order", order).put("zone", z.name())
        .put("free_before", freeBefore).end();
  }

  /** {@code mm_page_alloc_zone_locked}: pfn, order, migratetype, percpu_refill; then zone. */
  void zoneLocked(AllocContext ctx, long pfn, int order, int mt, Zone z) {
    boolean percpuRefill = order <= PageOrder.COSTLY_ORDER && mt < MigrateType.PCPTYPES;
    begin("mm_page_alloc_zone_locked", ctx).put("pfn", pfn).put("order", order)
        .put("migratetype", mt).put("percpu_refill", percpuRefill ? 1 : 0).put("zone", z.name())
        .end();
  }

  /** {@code mm_page_pcpu_drain}: pfn, order, migratetype; then zone. */
  void pcpuDrain(AllocContext ctx, long pfn, int order, int mt, Zone z) {
    begin("mm_page_pcpu_drain", ctx).put("pfn", pfn).put("order", order).put("migratetype", mt)
        .put("zone", z.name()).end();
  }

  /**
   * {@code mm_page_alloc_extfrag}: Linux's fields; {@code fragmenting} is fallback_order &lt;
   * pageblock_order.
   */
  void extfrag(AllocContext ctx, long pfn, int allocOrder, int fallbackOrder, int allocMt,
      int fallbackMt, boolean changeOwnership, Zone z) {
    begin("mm_page_alloc_extfrag", ctx).put("pfn", pfn).put("alloc_order", allocOrder)
        .put("fallback_order", fallbackOrder).put("pageblock_order", PageOrder.PAGEBLOCK_ORDER)
        .put("alloc_migratetype", allocMt).put("fallback_migratetype", fallbackMt)
        .put("fragmenting", fallbackOrder < PageOrder.PAGEBLOCK_ORDER ? 1 : 0)
        .put("change_ownership", changeOwnership ? 1 : 0).put("zone", z.name()).end();
  }

  /** Labyrinth's {@code mm_pcp_bypass}: the per-CPU trylock failed; the buddy lists served it. */
  void pcpBypass(AllocContext ctx, String op, long pfn, int order, Zone z) {
    begin("mm_pcp_bypass", ctx).put("op", op).put("pfn", pfn).put("order", order)
        .put("zone", z.name()).end();
  }
}
