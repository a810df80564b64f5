package dev.labyrinth.emulator.mm;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableList;
import dev.labyrinth.emulator.sim.Tracer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PageAllocatorTest {

  @Test
  void bootsWithDefaultMinFreeKbytes() {
    PageAllocator a = new PageAllocator(ZoneLayout.fromMemoryBytes(16L << 30));
    long lowmem = 3840 + 1028160 + 3096576;
    assertThat(a.minFreeKbytes()).isEqualTo((int) Watermarks.intSqrt(lowmem * 4 * 16));
    a.applyThpRecommendedMinFreeKbytes();
    assertThat(a.minFreeKbytes()).isEqualTo(67584);
    assertThat(a.zone(ZoneType.DMA).lowmemReserves()[2])
        .isEqualTo((1028160 + 3096576) / 256);
    a.checkInvariants();
  }

  @Test
  void sampleCThroughSysctls() {
    PageAllocator a = new PageAllocator(ZoneLayout.packed(ImmutableList.of(
        new ZoneLayout.Sizes(ZoneType.DMA, 3840, 3999, 4095),
        ZoneLayout.Sizes.of(ZoneType.DMA32, 700000),
        ZoneLayout.Sizes.of(ZoneType.NORMAL, 3400000))));
    assertThat(a.minFreeKbytes()).isEqualTo(16206);
    a.setMinFreeKbytes(67584);
    assertThat(a.zone(ZoneType.NORMAL).minWmarkPages()).isEqualTo(13998);
    assertThat(a.zone(ZoneType.NORMAL).promoWmarkPages()).isEqualTo(24495);
    assertThat(a.zone(ZoneType.DMA32).lowmemReserves()).containsExactly(0, 0, 13281, 13281);
    a.setWatermarkScaleFactor(200);
    assertThat(a.zone(ZoneType.NORMAL).lowWmarkPages()).isEqualTo(13998 + 68000);
    a.setLowmemReserveRatio(new int[] {0, 256, 32, 0});
    assertThat(a.zone(ZoneType.DMA).lowmemReserves()).containsExactly(0, 0, 0, 0);
  }

  // Negative space: the same free level, different callers.
  @Test
  void atomicTakesTheReserveWhereKernelFails() {
    PageAllocator a = TestZones.minIs1024(16384);
    Zone z = a.zone(ZoneType.DMA32);
    TestZones.drainTo(z, 450);
    AllocResult kernel = a.allocate(0, Gfp.GFP_KERNEL, false);
    assertThat(kernel.succeeded()).isFalse();
    assertThat(kernel.tier()).isEqualTo(ReserveTier.FAILED);
    assertThat(kernel.directReclaim()).isTrue();
    assertThat(kernel.wakeKswapd()).isTrue();
    assertThat(a.allocate(0, Gfp.GFP_NOWAIT, false).succeeded()).isFalse();
    AllocResult noMemalloc = a.allocate(0, Gfp.GFP_ATOMIC | Gfp.NOMEMALLOC, true);
    assertThat(noMemalloc.succeeded()).isFalse();
    assertThat(noMemalloc.warnAlloc()).isTrue();
    assertThat(a.allocate(0, Gfp.GFP_ATOMIC | Gfp.NOWARN | Gfp.NOMEMALLOC, true).warnAlloc())
        .isFalse();
    AllocResult atomic = a.allocate(0, Gfp.GFP_ATOMIC, true);
    assertThat(atomic.succeeded()).isTrue();
    assertThat(atomic.tier()).isEqualTo(ReserveTier.ATOMIC_RESERVE);
    assertThat(atomic.freeBeforePages()).isEqualTo(450);
    assertThat(atomic.markPages()).isEqualTo(1024);
    assertThat(atomic.allocFlags()).isEqualTo(AllocFlags.gfpToAllocFlags(Gfp.GFP_ATOMIC, 0, true));
    a.checkInvariants();
  }

  @Test
  void tiersAcrossLevels() {
    PageAllocator a = TestZones.minIs1024(16384);
    Zone z = a.zone(ZoneType.DMA32);
    assertThat(z.lowWmarkPages()).isEqualTo(1280);
    assertThat(a.allocate(0, Gfp.GFP_KERNEL, false).tier()).isEqualTo(ReserveTier.NONE);
    TestZones.drainTo(z, 1100);
    AllocResult r = a.allocate(0, Gfp.GFP_KERNEL, false);
    assertThat(r.tier()).isEqualTo(ReserveTier.BELOW_LOW);
    assertThat(r.wakeKswapd()).isTrue();
    assertThat(r.markPages()).isEqualTo(1024);
    TestZones.drainTo(z, 600);
    assertThat(a.allocate(0, Gfp.GFP_KERNEL, false).succeeded()).isFalse();
    assertThat(a.allocate(0, Gfp.GFP_KERNEL | Gfp.HIGH, false).tier())
        .isEqualTo(ReserveTier.MIN_RESERVE);
    TestZones.drainTo(z, 300);
    assertThat(a.allocate(0, Gfp.GFP_ATOMIC, true).succeeded()).isFalse();
    AllocResult memalloc = a.allocate(0, Gfp.GFP_ATOMIC | Gfp.MEMALLOC, true);
    assertThat(memalloc.tier()).isEqualTo(ReserveTier.NO_WATERMARKS);
    assertThat(memalloc.allocFlags() & AllocFlags.NO_WATERMARKS).isNotZero();
    assertThat(a.allocate(0, Gfp.GFP_ATOMIC | Gfp.MEMALLOC | Gfp.NOMEMALLOC, true).succeeded())
        .isFalse();
    TestZones.drainTo(z, 0);
    AllocResult empty = a.allocate(0, Gfp.GFP_ATOMIC | Gfp.MEMALLOC, true);
    assertThat(empty.tier()).isEqualTo(ReserveTier.FAILED);
    assertThat(a.allocate(11, Gfp.GFP_KERNEL, false).tier()).isEqualTo(ReserveTier.FAILED);
    a.checkInvariants();
  }

  @Test
  void lowerZoneIsProtectedByLowmemReserve() {
    PageAllocator a = new PageAllocator(ZoneLayout.packed(ImmutableList.of(
        ZoneLayout.Sizes.of(ZoneType.DMA32, 16384), ZoneLayout.Sizes.of(ZoneType.NORMAL, 16384))));
    Zone dma32 = a.zone(ZoneType.DMA32);
    Zone normal = a.zone(ZoneType.NORMAL);
    assertThat(dma32.lowmemReserve(ZoneType.NORMAL.index())).isEqualTo(64);
    TestZones.drainTo(normal, 0);
    long min = dma32.minWmarkPages();
    TestZones.drainTo(dma32, min + 64);
    // GFP_KERNEL (classzone Normal) needs free > min + 64 at DMA32; GFP_DMA32 only > min.
    AllocResult kernel = a.allocate(0, Gfp.GFP_NOWAIT, false);
    assertThat(kernel.succeeded()).isFalse();
    AllocResult dma = a.allocate(0, Gfp.GFP_DMA32 | Gfp.GFP_NOWAIT, false);
    assertThat(dma.succeeded()).isTrue();
    assertThat(dma.zone()).isEqualTo(ZoneType.DMA32);
    a.checkInvariants();
  }

  @Test
  void tracesAllocAndFreeWithFieldsInOrder() {
    RecordingTracer t = new RecordingTracer();
    List<String> lines = t.lines;
    PageAllocator a = new PageAllocator(TestZones.single(16384), t, () -> 42L);
    a.setMinFreeKbytes(4096);
    AllocResult r = a.allocate(0, Gfp.GFP_ATOMIC | Gfp.NOWARN, true);
    a.free(r.pfn(), 0);
    assertThat(lines).containsExactly(
        "mm_page_alloc_extfrag @42 pfn=0 alloc_order=0 fallback_order=10 pageblock_order=9"
            + " alloc_migratetype=0 fallback_migratetype=1 fragmenting=0 change_ownership=1"
            + " zone=DMA32",
        "mm_page_alloc_zone_locked @42 pfn=0 order=0 migratetype=0 percpu_refill=1 zone=DMA32",
        "mm_page_alloc @42 pfn=0 order=0 migratetype=0 gfp_flags=GFP_ATOMIC|__GFP_NOWARN"
            + " zone=DMA32 free_before=16384 wmark_min=1024 wmark_low=1280 wmark_high=1536"
            + " mark=1280 alloc_flags=ALLOC_WMARK_LOW|ALLOC_KSWAPD reserve=none",
        "mm_page_free @42 pfn=0 order=0 zone=DMA32 free_before=16383");
  }
}
