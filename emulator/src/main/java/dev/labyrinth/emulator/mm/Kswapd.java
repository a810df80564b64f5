package dev.labyrinth.emulator.mm;

import dev.labyrinth.emulator.sim.Action;
import dev.labyrinth.emulator.sim.Band;
import dev.labyrinth.emulator.sim.Simulation;

/**
 * kswapd0, the node's reclaim thread (mm/vmscan.c: {@code kswapd()}, {@code wakeup_kswapd()},
 * {@code balance_pgdat()}, {@code kswapd_try_to_sleep()}), as an actor on the simulation in
 * {@link Band#KERNEL_THREAD}.
 *
 * <p>Woken by the slow path or a watermark boost when the node is not balanced (no eligible zone
 * passes {@code __zone_watermark_ok()} at high + boost) or boosted; it then reclaims in batches of
 * SWAP_CLUSTER_MAX pages, each taking 32 x cost_per_page of emulated time, until balanced with
 * the boost reclaimed; subtracts the boosts it saw; naps 100 ms (HZ/10) and, still balanced,
 * sleeps ({@code mm_vmscan_kswapd_sleep}). A wakeup during the nap counts
 * {@code kswapd_low_wmark_hit_quickly}; not balanced when trying to sleep counts
 * {@code kswapd_high_wmark_hit_quickly}. A run that reclaims nothing counts a failure; 16 make
 * the node hopeless.
 *
 * <p>The {@code kswapd_delay} fault ({@link ReclaimFaults}) postpones the run after a wake-up;
 * kswapd counts as woken meanwhile, so further wake-ups change only the pending request.
 *
 * <p>Simplifications: kswapd does not occupy an emulated CPU (its records carry no context
 * prefix); it starts asleep (Linux's boot nap is skipped); a batch that finds nothing to reclaim
 * ends the run at once (Linux walks priorities 12..1 first); no kcompactd; its own allocations
 * are not modelled.
 */
final class Kswapd {
  static final long NAP_NS = 100_000_000L;
  static final int MAX_RECLAIM_RETRIES = 16;
  private static final int NONE_ZONE = ZoneType.COUNT;

  private enum State { SLEEPING, NAPPING, RUNNING }

  private final PageAllocator alloc;
  private final Simulation sim;
  private State state = State.SLEEPING;
  private long napEventId;
  private int pendingOrder;
  private int pendingHighest = NONE_ZONE;
  private int lastHighest = ZoneType.COUNT - 1;
  int failures;

  // balance_pgdat() of the current run
  private int order;
  private int highest;
  private long nrBoostReclaim;
  private final long[] zoneBoosts = new long[ZoneType.COUNT];
  private boolean boosted;
  private long reclaimed;
  private Reclaim.Batch batch;

  private final Action runAction = (now, arg) -> run();
  private final Action napEndAction = (now, arg) -> napEnd();
  private final Action batchDoneAction = (now, arg) -> batchDone();

  Kswapd(PageAllocator alloc, Simulation sim) {
    this.alloc = alloc;
    this.sim = sim;
  }

  /**
   * {@code wakeup_kswapd()}: raise the pending order and zone; if kswapd is waiting (asleep or
   * napping), the node is not hopeless and it is unbalanced or boosted, trace
   * {@code mm_vmscan_wakeup_kswapd} and wake it.
   */
  void wakeup(Zone zone, int gfpMask, int reqOrder, int highestIdx, AllocContext ctx) {
    if (zone.managedPages() == 0) {
      return;
    }
    if (pendingHighest == NONE_ZONE || pendingHighest < highestIdx) {
      pendingHighest = highestIdx;
    }
    if (pendingOrder < reqOrder) {
      pendingOrder = reqOrder;
    }
    if (state == State.RUNNING) {
      return;
    }
    if (failures >= MAX_RECLAIM_RETRIES
        || (alloc.pgdatBalanced(reqOrder, highestIdx) && !alloc.watermarkBoosted(highestIdx))) {
      return; // kcompactd is not modelled
    }
    if (alloc.trace.on()) {
      alloc.trace.begin("mm_vmscan_wakeup_kswapd", ctx).put("nid", 0)
          .put("zid", zone.type().index()).put("order", reqOrder)
          .put("gfp_flags", Gfp.formatForTrace(gfpMask)).end();
    }
    if (state == State.NAPPING) {
      sim.cancel(napEventId);
      alloc.vmstat.add(VmStat.Item.KSWAPD_LOW_WMARK_HIT_QUICKLY, 1);
    }
    state = State.RUNNING;
    long delayNs = 0;
    if (alloc.faults.kswapdDelayed()) {
      delayNs = alloc.faults.nextKswapdDelayNs();
      if (alloc.trace.on()) {
        alloc.trace.begin("fault_inject", ctx).put("site", "kswapd_delay")
            .put("delay_ns", delayNs).end();
      }
    }
    sim.schedule(sim.nowNs() + delayNs, Band.KERNEL_THREAD, runAction, 0);
  }

  /** The main loop's body after a wakeup: read and reset the request, then balance. */
  private void run() {
    order = pendingOrder;
    highest = pendingHighest == NONE_ZONE ? lastHighest : pendingHighest;
    lastHighest = highest;
    pendingOrder = 0;
    pendingHighest = NONE_ZONE;
    if (alloc.trace.on()) {
      alloc.trace.begin("mm_vmscan_kswapd_wake", null).put("nid", 0).put("zid", highest)
          .put("order", order).end();
    }
    alloc.vmstat.add(VmStat.Item.PAGEOUTRUN, 1);
    nrBoostReclaim = 0;
    for (int i = 0; i <= highest; i++) {
      Zone z = alloc.zone(i);
      zoneBoosts[i] = z == null ? 0 : z.watermarkBoost();
      nrBoostReclaim += zoneBoosts[i];
      if (z != null) {
        z.reclaimActive = true;
      }
    }
    boosted = nrBoostReclaim > 0;
    reclaimed = 0;
    step();
  }

  /** One pass of {@code balance_pgdat()}'s loop: stop if balanced, else start a batch. */
  private void step() {
    boolean balanced = alloc.pgdatBalanced(order, highest);
    if (!balanced && nrBoostReclaim > 0) {
      nrBoostReclaim = 0;
    }
    if (nrBoostReclaim == 0 && balanced) {
      finish();
      return;
    }
    batch = alloc.isolateForReclaim(highest, null, "kswapd");
    if (batch.pages == 0) {
      if (reclaimed == 0) {
        failures++;
      }
      finish();
      return;
    }
    sim.scheduleAfter(alloc.reclaim.batchNs(batch), Band.KERNEL_THREAD, batchDoneAction, 0);
  }

  private void batchDone() {
    long freed = alloc.freeReclaimed(batch, null);
    alloc.vmstat.add(VmStat.Item.PGSCAN_KSWAPD, batch.pages);
    alloc.vmstat.add(VmStat.Item.PGSTEAL_KSWAPD, freed);
    batch = null;
    reclaimed += freed;
    nrBoostReclaim -= Math.min(nrBoostReclaim, freed);
    if (freed > 0) {
      failures = 0;
    }
    if (reclaimed >= (2L << order)) {
      order = 0; // compact_gap(order) reclaimed: kswapd_shrink_node() drops to order 0
    }
    step();
  }

  /** The {@code out:} label of {@code balance_pgdat()}, then {@code kswapd_try_to_sleep()}. */
  private void finish() {
    for (int i = 0; i <= highest; i++) {
      Zone z = alloc.zone(i);
      if (z != null) {
        z.reclaimActive = false;
        if (boosted && zoneBoosts[i] != 0) {
          z.reduceBoost(zoneBoosts[i]);
        }
      }
    }
    if (prepareSleep()) {
      state = State.NAPPING;
      napEventId = sim.scheduleAfter(NAP_NS, Band.KERNEL_THREAD, napEndAction, 0);
    } else {
      alloc.vmstat.add(VmStat.Item.KSWAPD_HIGH_WMARK_HIT_QUICKLY, 1);
      sim.schedule(sim.nowNs(), Band.KERNEL_THREAD, runAction, 0);
    }
  }

  private void napEnd() {
    if (prepareSleep()) {
      if (alloc.trace.on()) {
        alloc.trace.begin("mm_vmscan_kswapd_sleep", null).put("nid", 0).end();
      }
      state = State.SLEEPING;
    } else {
      alloc.vmstat.add(VmStat.Item.KSWAPD_HIGH_WMARK_HIT_QUICKLY, 1);
      state = State.RUNNING;
      run();
    }
  }

  /** {@code prepare_kswapd_sleep()}: hopeless, or balanced for the pending request. */
  private boolean prepareSleep() {
    int h = pendingHighest == NONE_ZONE ? highest : Math.max(pendingHighest, highest);
    return failures >= MAX_RECLAIM_RETRIES || alloc.pgdatBalanced(order, h);
  }

  /** Whether kswapd is running (reclaiming), for tests and inspect. */
  boolean running() {
    return state == State.RUNNING;
  }
}
