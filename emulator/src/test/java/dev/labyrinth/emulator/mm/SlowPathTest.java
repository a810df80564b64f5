package dev.labyrinth.emulator.mm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labyrinth.emulator.sim.Simulation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The slow path: reserves, direct reclaim, kswapd, OOM and warn_alloc. */
class SlowPathTest {
  private static final AllocContext IRQ =
      AllocContext.irq(0, ExecContext.HARDIRQ, "swapper/0", 0);
  private static final AllocContext TASK = AllocContext.task(1, "writer", 42);

  private long nowNs;
  private final RecordingTracer tracer = new RecordingTracer();

  /** One DMA32 zone of 16384 pages, min = 1024, two CPUs, 1 us per reclaimed page. */
  private PageAllocator allocator() {
    PageAllocator a = new PageAllocator(TestZones.single(16384), 2, tracer, () -> nowNs);
    a.setMinFreeKbytes(4096);
    a.setReclaimCostPerPageNs(1_000);
    return a;
  }

  /** Allocates order-0 movable pages from no CPU until {@code free} remain; returns them. */
  private static List<Long> fillTo(PageAllocator a, long free) {
    Zone z = a.zone(ZoneType.DMA32);
    List<Long> pfns = new ArrayList<>();
    while (z.freePages() > free) {
      pfns.add(z.freeArea().rmqueue(0, MigrateType.MOVABLE, AllocFlags.NO_WATERMARKS));
    }
    return pfns;
  }

  // Negative space: at the same moment, GFP_ATOMIC takes the reserve; GFP_KERNEL must not.
  @Test
  void atomicTakesReserveWhileKernelEntersDirectReclaim() {
    PageAllocator a = allocator();
    List<Long> cache = fillTo(a, 450);
    for (int i = 0; i < 1500; i++) {
      a.lruAdd(cache.get(i), 0, Lru.FILE);
    }
    Zone z = a.zone(ZoneType.DMA32);

    AllocRequest kernel = a.request(0, Gfp.GFP_KERNEL, TASK);
    Progress p = kernel.advance();
    assertThat(p.isDone()).isFalse();
    assertThat(p.delayNs()).isEqualTo(32 * 1_000L);
    assertThat(z.freePages()).as("GFP_KERNEL took nothing below min").isEqualTo(450);
    assertThat(tracer.starting("mm_vmscan_direct_reclaim_begin")).containsExactly(
        "mm_vmscan_direct_reclaim_begin @0 cpu=1 ctx=task comm=writer pid=42 order=0"
            + " gfp_flags=GFP_KERNEL");

    AllocResult atomic = a.allocate(0, Gfp.GFP_ATOMIC, IRQ);
    assertThat(atomic.succeeded()).as(String.join("\n", tracer.lines)).isTrue();
    assertThat(atomic.tier()).isEqualTo(ReserveTier.ATOMIC_RESERVE);
    assertThat(atomic.freeBeforePages()).isEqualTo(450);
    a.checkInvariants();

    // The task sleeps 32 us per batch until free pages pass min again.
    int blocks = 1;
    nowNs += p.delayNs();
    p = kernel.advance();
    while (!p.isDone()) {
      blocks++;
      nowNs += p.delayNs();
      p = kernel.advance();
    }
    assertThat(p.result().succeeded()).as(p + String.join("\n",
        tracer.lines.subList(Math.max(0, tracer.lines.size() - 12), tracer.lines.size())))
        .isTrue();
    assertThat(p.result().directReclaim()).isTrue();
    assertThat(p.result().freeBeforePages()).isGreaterThan(1024);
    assertThat(tracer.starting("mm_vmscan_direct_reclaim_end").get(0)).isEqualTo(
        "mm_vmscan_direct_reclaim_end @32000 cpu=1 ctx=task comm=writer pid=42 nr_reclaimed=32");
    assertThat(blocks).isEqualTo(tracer.starting("mm_vmscan_direct_reclaim_end").size());
    assertThat(a.vmstat().get(VmStat.Item.ALLOCSTALL_DMA32)).isEqualTo(0);
    assertThat(a.vmstat().get(VmStat.Item.ALLOCSTALL_NORMAL)).isEqualTo(blocks);
    assertThat(a.vmstat().get(VmStat.Item.PGSTEAL_DIRECT)).isEqualTo(32L * blocks);
    assertThat(a.vmstat().get(VmStat.Item.ALLOC_RESERVE_ATOMIC_RESERVE)).isEqualTo(1);
    a.checkInvariants();
  }

  @Test
  void atomicNeverBlocksAndFailsWithWarnAllocRateLimited() {
    PageAllocator a = allocator();
    fillTo(a, 390);
    AllocContext softirq = AllocContext.irq(0, ExecContext.SOFTIRQ, "kworker/u8:1", 77);
    int failures = 0;
    for (int i = 0; i < 40; i++) {
      AllocRequest r = a.request(0, Gfp.GFP_ATOMIC, softirq);
      Progress p = r.advance();
      assertThat(p.isDone()).as("atomic callers finish on the first advance").isTrue();
      if (!p.result().succeeded()) {
        failures++;
        assertThat(p.result().directReclaim()).isFalse();
      }
      a.checkInvariants();
    }
    assertThat(failures).isPositive();
    String message = "kworker/u8:1: page allocation failure: order:0, mode:0x820(GFP_ATOMIC),"
        + " nodemask=(null)";
    assertThat(tracer.starting("warn_alloc")).containsExactly(
        "warn_alloc @0 cpu=0 ctx=softirq comm=kworker/u8:1 pid=77 message=" + message
            + " callbacks_suppressed=0");
    assertThat(a.vmstat().get(VmStat.Item.WARN_ALLOC_SUPPRESSED)).isEqualTo(failures - 1);
    assertThat(a.vmstat().get(VmStat.Item.ALLOC_FAIL)).isEqualTo(failures);
    assertThat(tracer.starting("mm_vmscan_direct_reclaim")).isEmpty();

    nowNs = 10_000_000_000L; // the window is still open at exactly begin + 10 s
    a.allocate(0, Gfp.GFP_ATOMIC, softirq);
    assertThat(tracer.starting("warn_alloc")).hasSize(1);
    nowNs = 10_000_000_001L;
    a.allocate(0, Gfp.GFP_ATOMIC | Gfp.NOWARN, softirq);
    assertThat(tracer.starting("warn_alloc")).hasSize(1);
    a.allocate(0, Gfp.GFP_ATOMIC, softirq);
    assertThat(tracer.starting("warn_alloc")).last().asString()
        .endsWith("callbacks_suppressed=" + failures);
  }

  @Test
  void kernelWithNothingToReclaimRetriesThenOomKillsThenSucceeds() {
    PageAllocator a = allocator();
    List<Long> held = fillTo(a, 0);
    List<Integer> killed = new ArrayList<>();
    a.setOomVictimSelector(new OomVictimSelector() {
      @Override
      public Optional<OomVictim> select(AllocContext caller, int order, int gfpMask) {
        return killed.isEmpty() ? Optional.of(new OomVictim(99, "hog", 2048))
            : Optional.empty();
      }

      @Override
      public void kill(OomVictim victim) {
        killed.add(victim.pid());
        for (int i = 0; i < 2048; i++) {
          a.free(held.remove(held.size() - 1), 0);
        }
      }
    });
    // GFP_KERNEL's highest zone is Normal, so the OOM killer may run.
    AllocResult r = a.allocate(0, Gfp.GFP_KERNEL, TASK);
    assertThat(r.succeeded()).isTrue();
    assertThat(killed).containsExactly(99);
    // should_reclaim_retry() says no at once: free + reclaimable cannot pass min.
    assertThat(tracer.starting("mm_vmscan_direct_reclaim_begin")).hasSize(1);
    assertThat(tracer.starting("oom_kill")).hasSize(1);
    assertThat(a.vmstat().get(VmStat.Item.OOM_KILL)).isEqualTo(1);
    a.checkInvariants();

    // No victim left: the next exhausted GFP_KERNEL fails, with warn_alloc.
    fillTo(a, 0);
    AllocResult fail = a.allocate(0, Gfp.GFP_KERNEL | Gfp.NOWARN, TASK);
    assertThat(fail.succeeded()).isFalse();
    assertThat(fail.warnAlloc()).isFalse();
  }

  @Test
  void noretryAndCostlyOrdersGiveUpAfterOneReclaim() {
    PageAllocator a = allocator();
    fillTo(a, 0);
    assertThat(a.allocate(0, Gfp.GFP_KERNEL | Gfp.NORETRY, TASK).succeeded()).isFalse();
    assertThat(tracer.starting("mm_vmscan_direct_reclaim_begin")).hasSize(1);
    assertThat(a.allocate(4, Gfp.GFP_KERNEL, TASK).succeeded()).isFalse();
    assertThat(tracer.starting("mm_vmscan_direct_reclaim_begin")).hasSize(2);
    assertThat(tracer.starting("oom_kill")).isEmpty();
  }

  @Test
  void kswapdWakesBelowLowReclaimsToHighAndSleeps() {
    Simulation sim = new Simulation(1);
    PageAllocator a = new PageAllocator(TestZones.single(16384), 1, tracer, sim::nowNs);
    a.setMinFreeKbytes(4096);
    a.setReclaimCostPerPageNs(1_000);
    a.startKswapd(sim);
    List<Long> cache = fillTo(a, 1200); // below low (1280), above min
    for (long pfn : cache) {
      a.lruAdd(pfn, 0, Lru.FILE);
    }
    AllocResult r = a.allocate(0, Gfp.GFP_KERNEL, AllocContext.task(0, "app", 7));
    assertThat(r.succeeded()).isTrue();
    assertThat(r.wakeKswapd()).isTrue();
    assertThat(tracer.starting("mm_vmscan_wakeup_kswapd")).hasSize(1);
    sim.run(1_000_000_000L, 1_000_000);
    Zone z = a.zone(ZoneType.DMA32);
    assertThat(z.freePages()).isGreaterThan(z.highWmarkPages());
    assertThat(tracer.starting("mm_vmscan_kswapd_wake")).containsExactly(
        "mm_vmscan_kswapd_wake @0 nid=0 zid=2 order=0");
    assertThat(tracer.starting("mm_vmscan_kswapd_sleep")).hasSize(1);
    long reclaimed = a.vmstat().get(VmStat.Item.PGSTEAL_KSWAPD);
    assertThat(reclaimed % 32).isZero();
    assertThat(tracer.starting("mm_vmscan_kswapd_sleep").get(0))
        .startsWith("mm_vmscan_kswapd_sleep @" + (reclaimed * 1_000 + Kswapd.NAP_NS));
    a.checkInvariants();
  }

  @Test
  void pcpTrylockBypassInInterruptContext() {
    PageAllocator a = allocator();
    AllocContext task = AllocContext.task(0, "app", 7);
    long first = a.allocate(0, Gfp.GFP_KERNEL, task).pfn();
    assertThat(a.pcpCount(ZoneType.DMA32, 0)).isPositive();
    int before = a.pcpCount(ZoneType.DMA32, 0);
    a.pcpLock(0);
    AllocResult irq = a.allocate(0, Gfp.GFP_ATOMIC, IRQ);
    assertThat(irq.succeeded()).isTrue();
    assertThat(a.pcpCount(ZoneType.DMA32, 0)).isEqualTo(before);
    a.free(irq.pfn(), 0, IRQ);
    assertThat(a.pcpCount(ZoneType.DMA32, 0)).isEqualTo(before);
    a.pcpUnlock(0);
    assertThat(tracer.starting("mm_pcp_bypass")).hasSize(2);
    assertThat(a.vmstat().get(VmStat.Item.PCP_BYPASS)).isEqualTo(2);
    a.free(first, 0, task);
    assertThat(a.pcpCount(ZoneType.DMA32, 0)).isEqualTo(before + 1);
    a.drainAllPages(task);
    assertThat(a.pcpCount(ZoneType.DMA32, 0)).isZero();
    assertThat(a.zone(ZoneType.DMA32).freePages()).isEqualTo(16384);
    a.checkInvariants();
  }

  @Test
  void pcpBatchAndHighAsLinuxComputesThem() {
    assertThat(PerCpuPages.zoneBatchsize(3400000)).isEqualTo(63);
    assertThat(PerCpuPages.zoneBatchsize(3840)).isEqualTo(0); // max(1, .) is the caller's
    assertThat(PerCpuPages.zoneHighsize(17497, 63, 8)).isEqualTo(2187);
    assertThat(PerCpuPages.zoneHighsize(3400000 / 8, 63, 8)).isEqualTo(53125);
    PageAllocator a = new PageAllocator(ZoneLayout.packed(com.google.common.collect.ImmutableList.of(
        ZoneLayout.Sizes.of(ZoneType.DMA, 3840), ZoneLayout.Sizes.of(ZoneType.DMA32, 700000),
        ZoneLayout.Sizes.of(ZoneType.NORMAL, 3400000))), 8, dev.labyrinth.emulator.sim.Tracer.OFF,
        () -> 0L);
    a.setMinFreeKbytes(67584);
    int[] normal = a.pcpHighBatchMinMax(ZoneType.NORMAL, 3);
    assertThat(normal).containsExactly(
        (int) (a.zone(ZoneType.NORMAL).lowWmarkPages() / 8), 63,
        (int) (a.zone(ZoneType.NORMAL).lowWmarkPages() / 8), 53125);
    assertThat(a.pcpHighBatchMinMax(ZoneType.DMA, 0)[1]).isEqualTo(1);
  }
}
