package dev.labyrinth.emulator.mm;

import static dev.labyrinth.emulator.mm.AllocFlags.CPUSET;
import static dev.labyrinth.emulator.mm.AllocFlags.HIGHATOMIC;
import static dev.labyrinth.emulator.mm.AllocFlags.KSWAPD;
import static dev.labyrinth.emulator.mm.AllocFlags.MIN_RESERVE;
import static dev.labyrinth.emulator.mm.AllocFlags.NON_BLOCK;
import static dev.labyrinth.emulator.mm.AllocFlags.NOFRAGMENT;
import static dev.labyrinth.emulator.mm.AllocFlags.NO_WATERMARKS;
import static dev.labyrinth.emulator.mm.AllocFlags.OOM;
import static dev.labyrinth.emulator.mm.AllocFlags.WMARK_LOW;
import static dev.labyrinth.emulator.mm.AllocFlags.WMARK_MIN;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AllocFlagsTest {

  @Test
  void valuesMatchMmInternalH() {
    assertThat(MIN_RESERVE).isEqualTo(Gfp.HIGH);
    assertThat(KSWAPD).isEqualTo(Gfp.KSWAPD_RECLAIM);
    assertThat(AllocFlags.RESERVES).isEqualTo(0x238);
  }

  // Section 2.3's table of common masks.
  @Test
  void slowPathFlagsForCommonMasks() {
    assertThat(AllocFlags.gfpToAllocFlags(Gfp.GFP_ATOMIC, 0, true))
        .isEqualTo(WMARK_MIN | MIN_RESERVE | NON_BLOCK | KSWAPD);
    assertThat(AllocFlags.gfpToAllocFlags(Gfp.GFP_ATOMIC, 3, true))
        .isEqualTo(WMARK_MIN | MIN_RESERVE | NON_BLOCK | KSWAPD | HIGHATOMIC);
    assertThat(AllocFlags.gfpToAllocFlags(Gfp.GFP_ATOMIC | Gfp.NOMEMALLOC, 3, true))
        .isEqualTo(WMARK_MIN | MIN_RESERVE | KSWAPD);
    assertThat(AllocFlags.gfpToAllocFlags(Gfp.GFP_NOWAIT, 0, false))
        .isEqualTo(WMARK_MIN | CPUSET | NON_BLOCK | KSWAPD);
    assertThat(AllocFlags.gfpToAllocFlags(Gfp.GFP_KERNEL, 0, false))
        .isEqualTo(WMARK_MIN | CPUSET | KSWAPD);
  }

  @Test
  void rtTaskGetsMinReserveOnlyInTaskContextAndWhenBlocking() {
    assertThat(AllocFlags.gfpToAllocFlags(Gfp.GFP_KERNEL, 0, false, true))
        .isEqualTo(WMARK_MIN | CPUSET | KSWAPD | MIN_RESERVE);
    assertThat(AllocFlags.gfpToAllocFlags(Gfp.GFP_KERNEL, 0, true, true))
        .isEqualTo(WMARK_MIN | CPUSET | KSWAPD);
    assertThat(AllocFlags.gfpToAllocFlags(Gfp.GFP_NOWAIT, 0, false, true))
        .isEqualTo(WMARK_MIN | CPUSET | NON_BLOCK | KSWAPD);
  }

  @Test
  void fastPathHasNoReserves() {
    assertThat(AllocFlags.fastPath(Gfp.GFP_ATOMIC, ZoneType.NORMAL, true))
        .isEqualTo(WMARK_LOW | KSWAPD | NOFRAGMENT);
    assertThat(AllocFlags.fastPath(Gfp.GFP_KERNEL, ZoneType.DMA32, true))
        .isEqualTo(WMARK_LOW | KSWAPD);
    assertThat(AllocFlags.fastPath(Gfp.GFP_KERNEL, ZoneType.NORMAL, false))
        .isEqualTo(WMARK_LOW | KSWAPD);
  }

  @Test
  void pfmemallocOverride() {
    assertThat(AllocFlags.gfpPfmemallocFlags(Gfp.GFP_ATOMIC | Gfp.MEMALLOC | Gfp.NOMEMALLOC,
        false, false, true, true)).isZero();
    assertThat(AllocFlags.gfpPfmemallocFlags(Gfp.GFP_ATOMIC | Gfp.MEMALLOC, true, false, false,
        false)).isEqualTo(NO_WATERMARKS);
    assertThat(AllocFlags.gfpPfmemallocFlags(Gfp.GFP_ATOMIC, true, true, true, false))
        .isEqualTo(NO_WATERMARKS);
    assertThat(AllocFlags.gfpPfmemallocFlags(Gfp.GFP_ATOMIC, true, false, true, true)).isZero();
    assertThat(AllocFlags.gfpPfmemallocFlags(Gfp.GFP_KERNEL, false, false, false, true))
        .isEqualTo(OOM);
  }

  @Test
  void formatsForTrace() {
    assertThat(AllocFlags.format(WMARK_MIN | MIN_RESERVE | NON_BLOCK | KSWAPD))
        .isEqualTo("ALLOC_WMARK_MIN|ALLOC_NON_BLOCK|ALLOC_MIN_RESERVE|ALLOC_KSWAPD");
    assertThat(AllocFlags.format(WMARK_LOW | NOFRAGMENT)).isEqualTo("ALLOC_WMARK_LOW|ALLOC_NOFRAGMENT");
    assertThat(AllocFlags.format(0x1000)).isEqualTo("ALLOC_WMARK_MIN|0x1000");
  }
}
