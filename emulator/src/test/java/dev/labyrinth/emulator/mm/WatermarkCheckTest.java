package dev.labyrinth.emulator.mm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WatermarkCheckTest {

  private static int flags(String name) {
    return switch (name) {
      case "kernel" -> AllocFlags.gfpToAllocFlags(Gfp.GFP_KERNEL, 0, false);
      case "nowait" -> AllocFlags.gfpToAllocFlags(Gfp.GFP_NOWAIT, 0, false);
      case "noio" -> AllocFlags.gfpToAllocFlags(Gfp.GFP_NOIO, 0, false);
      case "kernel_high" -> AllocFlags.gfpToAllocFlags(Gfp.GFP_KERNEL | Gfp.HIGH, 0, false);
      case "rt_task" -> AllocFlags.gfpToAllocFlags(Gfp.GFP_KERNEL, 0, false, true);
      case "atomic_nomemalloc" ->
          AllocFlags.gfpToAllocFlags(Gfp.GFP_ATOMIC | Gfp.NOMEMALLOC, 0, true);
      case "atomic" -> AllocFlags.gfpToAllocFlags(Gfp.GFP_ATOMIC, 0, true);
      case "oom" -> AllocFlags.OOM;
      default -> throw new IllegalArgumentException(name);
    };
  }

  // linux-mm.md 2.4 "Worked numbers": min 1024, reserve 0, no CMA, no free highatomic.
  @ParameterizedTest
  @CsvSource({
    "kernel,1024,1025", "nowait,1024,1025", "noio,1024,1025",
    "kernel_high,512,513", "rt_task,512,513", "atomic_nomemalloc,512,513",
    "atomic,384,385", "oom,512,513"})
  void min1024Table(String caller, long effectiveMin, long succeedsFrom) {
    int f = flags(caller);
    assertThat(WatermarkCheck.effectiveMin(1024, f)).isEqualTo(effectiveMin);
    PageAllocator a = TestZones.minIs1024(16384);
    Zone z = a.zone(ZoneType.DMA32);
    assertThat(z.minWmarkPages()).isEqualTo(1024);
    TestZones.drainTo(z, succeedsFrom);
    assertThat(WatermarkCheck.zoneWatermarkOk(z, 0, 1024, ZoneType.DMA32.index(), f)).isTrue();
    TestZones.drainTo(z, succeedsFrom - 1);
    assertThat(WatermarkCheck.zoneWatermarkOk(z, 0, 1024, ZoneType.DMA32.index(), f)).isFalse();
  }

  @Test
  void lowmemReserveIsAddedForLowerZones() {
    // 16 GiB example: GFP_KERNEL falling back to DMA32 needs free > 2881 + 13281.
    long reserve = 13281;
    int f = AllocFlags.gfpToAllocFlags(Gfp.GFP_KERNEL, 0, false);
    assertThat(WatermarkCheck.effectiveMin(2881, f) + reserve).isEqualTo(16162);
  }

  @Test
  void highatomicFreePagesAreUnusableWithoutReserveFlags() {
    PageAllocator a = TestZones.minIs1024(65536);
    Zone z = a.zone(ZoneType.DMA32);
    FreeArea area = z.freeArea();
    long pfn = area.rmqueue(1, MigrateType.UNMOVABLE, AllocFlags.HIGHATOMIC);
    area.reserveHighatomicPageblock(pfn, 1);
    assertThat(area.nrReservedHighatomic()).isEqualTo(512);
    assertThat(area.nrFreeHighatomic()).isEqualTo(510);
    int kernel = AllocFlags.gfpToAllocFlags(Gfp.GFP_KERNEL, 0, false);
    int nowait = AllocFlags.gfpToAllocFlags(Gfp.GFP_NOWAIT, 0, false);
    long free = z.freePages();
    // GFP_KERNEL loses the 510 highatomic pages; GFP_NOWAIT (NON_BLOCK) keeps them.
    assertThat(WatermarkCheck.zoneWatermarkOk(area, 0, free - 510, 0, kernel, free)).isFalse();
    assertThat(WatermarkCheck.zoneWatermarkOk(area, 0, free - 510, 0, nowait, free)).isTrue();
    area.checkInvariants();
  }

  @Test
  void highOrderNeedsAFreeBlockOfThatOrder() {
    PageAllocator a = TestZones.minIs1024(4096);
    Zone z = a.zone(ZoneType.DMA32);
    // Break every order-10 block: leave only orders < 10 free.
    FreeArea area = z.freeArea();
    for (int i = 0; i < 8; i++) {
      area.rmqueue(9, MigrateType.MOVABLE, 0);
    }
    for (long pfn = 0; pfn < 4096; pfn += 1024) {
      area.free(pfn, 9);
    }
    assertThat(area.nrFree(9)).isEqualTo(4);
    int kernel = AllocFlags.gfpToAllocFlags(Gfp.GFP_KERNEL, 10, false);
    assertThat(area.nrFree(10)).isZero();
    assertThat(WatermarkCheck.zoneWatermarkOk(z, 10, 0, ZoneType.DMA32.index(), kernel)).isFalse();
    assertThat(WatermarkCheck.zoneWatermarkOk(z, 9, 0, ZoneType.DMA32.index(), kernel)).isTrue();
  }

  @Test
  void boostExemptionUsesUnboostedMinForOrder0MinReserve() {
    PageAllocator a = TestZones.minIs1024(16384);
    Zone z = a.zone(ZoneType.DMA32);
    z.applyBoosts(1, 0, 15000);
    assertThat(z.watermarkBoost()).isEqualTo(512);
    int atomic = AllocFlags.gfpToAllocFlags(Gfp.GFP_ATOMIC, 0, true);
    int kernel = AllocFlags.gfpToAllocFlags(Gfp.GFP_KERNEL, 0, false);
    TestZones.drainTo(z, 500); // boosted min 1536 -> 3/8 = 576: fails; unboosted 384: passes
    long mark = z.minWmarkPages();
    assertThat(mark).isEqualTo(1536);
    assertThat(WatermarkCheck.zoneWatermarkOk(z, 0, mark, 1, atomic)).isFalse();
    assertThat(WatermarkCheck.zoneWatermarkFast(z, 0, mark, 1, atomic)).isTrue();
    assertThat(WatermarkCheck.zoneWatermarkFast(z, 0, mark, 1, kernel)).isFalse();
    assertThat(WatermarkCheck.zoneWatermarkFast(z, 1, mark, 1,
        AllocFlags.gfpToAllocFlags(Gfp.GFP_ATOMIC, 1, true))).isFalse();
  }

  @Test
  void reserveTierRuleAboveMin() {
    // min 1024, low 1280: floors 512 (m2) and 384 (m3). Above min the flags do not matter.
    int atomic = AllocFlags.gfpToAllocFlags(Gfp.GFP_ATOMIC, 0, true);
    int kernel = AllocFlags.gfpToAllocFlags(Gfp.GFP_KERNEL, 0, false);
    for (int flags : new int[] {atomic, kernel}) {
      assertThat(ReserveTier.classify(true, false, 1281, 0, 1024, 1280, 0, flags))
          .isEqualTo(ReserveTier.NONE);
      assertThat(ReserveTier.classify(true, false, 1280, 0, 1024, 1280, 0, flags))
          .isEqualTo(ReserveTier.BELOW_LOW);
      assertThat(ReserveTier.classify(true, false, 1025, 0, 1024, 1280, 0, flags))
          .isEqualTo(ReserveTier.BELOW_LOW);
      assertThat(ReserveTier.classify(true, false, 1288, 3, 1024, 1280, 0, flags))
          .isEqualTo(ReserveTier.NONE);
      assertThat(ReserveTier.classify(true, false, 1287, 3, 1024, 1280, 0, flags))
          .isEqualTo(ReserveTier.BELOW_LOW);
      assertThat(ReserveTier.classify(true, false, 2000, 0, 1024, 1280, 800, flags))
          .isEqualTo(ReserveTier.BELOW_LOW);
      assertThat(ReserveTier.classify(true, true, 100000, 0, 1024, 1280, 0, flags))
          .isEqualTo(ReserveTier.HIGHATOMIC);
      assertThat(ReserveTier.classify(false, true, 100000, 0, 1024, 1280, 0, flags))
          .isEqualTo(ReserveTier.FAILED);
    }
  }

  @Test
  void belowMinTheTierNamesTheReserveTheCallersFlagsGranted() {
    // gfp_to_alloc_flags(): GFP_ATOMIC -> ALLOC_NON_BLOCK|ALLOC_MIN_RESERVE; a blocking
    // __GFP_HIGH (GFP_KERNEL|__GFP_HIGH) -> ALLOC_MIN_RESERVE only.
    int atomic = AllocFlags.gfpToAllocFlags(Gfp.GFP_ATOMIC, 0, true);
    int high = AllocFlags.gfpToAllocFlags(Gfp.GFP_KERNEL | Gfp.HIGH, 0, false);
    assertThat(atomic & AllocFlags.NON_BLOCK).isNotZero();
    assertThat(high & (AllocFlags.NON_BLOCK | AllocFlags.MIN_RESERVE))
        .isEqualTo(AllocFlags.MIN_RESERVE);
    // Between 1/2 of min and min: atomic_reserve for the atomic caller, min_reserve for
    // __GFP_HIGH.
    for (long freeBefore : new long[] {1024, 800, 513}) {
      assertThat(ReserveTier.classify(true, false, freeBefore, 0, 1024, 1280, 0, atomic))
          .as("atomic at %s", freeBefore).isEqualTo(ReserveTier.ATOMIC_RESERVE);
      assertThat(ReserveTier.classify(true, false, freeBefore, 0, 1024, 1280, 0, high))
          .as("__GFP_HIGH at %s", freeBefore).isEqualTo(ReserveTier.MIN_RESERVE);
    }
    // Between 3/8 and 1/2 of min: only the atomic caller gets there.
    assertThat(ReserveTier.classify(true, false, 512, 0, 1024, 1280, 0, atomic))
        .isEqualTo(ReserveTier.ATOMIC_RESERVE);
    assertThat(ReserveTier.classify(true, false, 385, 0, 1024, 1280, 0, atomic))
        .isEqualTo(ReserveTier.ATOMIC_RESERVE);
    // With lowmem_reserve: the floors move up by R.
    assertThat(ReserveTier.classify(true, false, 1800, 0, 1024, 1280, 800, atomic))
        .isEqualTo(ReserveTier.ATOMIC_RESERVE);
    // Below the atomic floor only ALLOC_NO_WATERMARKS gets a page.
    int memalloc = AllocFlags.NO_WATERMARKS | atomic;
    assertThat(ReserveTier.classify(true, false, 384, 0, 1024, 1280, 0, memalloc))
        .isEqualTo(ReserveTier.NO_WATERMARKS);
    assertThat(ReserveTier.classify(true, false, 700, 0, 1024, 1280, 0,
        AllocFlags.NO_WATERMARKS | AllocFlags.WMARK_MIN)).isEqualTo(ReserveTier.NO_WATERMARKS);
    assertThat(ReserveTier.ATOMIC_RESERVE.traceName()).isEqualTo("atomic_reserve");
    assertThat(ReserveTier.MIN_RESERVE.traceName()).isEqualTo("min_reserve");
    assertThat(ReserveTier.NO_WATERMARKS.traceName()).isEqualTo("no_watermarks");
  }

  @Test
  void gfpKernelIsNeverAdmittedBelowMin() {
    // The negative space: GFP_KERNEL's check at min (ALLOC_WMARK_MIN, no reserve flag) never
    // passes below min, so no GFP_KERNEL allocation is classified as a reserve tier.
    int kernel = AllocFlags.gfpToAllocFlags(Gfp.GFP_KERNEL, 0, false);
    assertThat(kernel & AllocFlags.RESERVES).isZero();
    PageAllocator a = TestZones.minIs1024(16384);
    Zone z = a.zone(ZoneType.DMA32);
    TestZones.drainTo(z, 1024);
    int idx = ZoneType.DMA32.index();
    assertThat(WatermarkCheck.zoneWatermarkOk(z, 0, 1024, idx, kernel)).isFalse();
    assertThat(WatermarkCheck.zoneWatermarkOk(z, 0, 1024, idx,
        AllocFlags.gfpToAllocFlags(Gfp.GFP_ATOMIC, 0, true))).isTrue();
  }
}
