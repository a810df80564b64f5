package dev.labyrinth.emulator.mm;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded random alloc/free sequences against a reference model (a boolean per frame), with
 * {@code checkInvariants()} after every step. A failure names its seed and step.
 */
class AllocatorModelTest {
  private static final int[] MASKS = {
    Gfp.GFP_KERNEL,
    Gfp.GFP_ATOMIC,
    Gfp.GFP_ATOMIC | Gfp.NOWARN,
    Gfp.GFP_HIGHUSER_MOVABLE,
    Gfp.GFP_KERNEL | Gfp.RECLAIMABLE,
    Gfp.GFP_NOWAIT,
    Gfp.GFP_ATOMIC | Gfp.NOMEMALLOC,
    Gfp.GFP_KERNEL | Gfp.GFP_DMA32,
    Gfp.GFP_ATOMIC | Gfp.MEMALLOC,
    Gfp.GFP_KERNEL | Gfp.HIGH,
  };

  @Test
  void smallZonesCoalesceBackAfterRandomTraffic() {
    for (long seed = 0; seed < 240; seed++) {
      run(seed, 1024, 12000, 500);
    }
  }

  @Test
  void highatomicSizedZones() {
    for (long seed = 1000; seed < 1016; seed++) {
      run(seed, 52000, 70000, 1500);
    }
  }

  private static void run(long seed, int minPages, int maxPages, int steps) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<ZoneLayout.Sizes> sizes = new ArrayList<>();
    int dma32 = minPages + rnd.nextInt(maxPages - minPages);
    int reserved = rnd.nextInt(300);
    sizes.add(new ZoneLayout.Sizes(ZoneType.DMA32, dma32 - reserved, dma32 - reserved, dma32));
    if (rnd.nextBoolean()) {
      sizes.add(ZoneLayout.Sizes.of(ZoneType.NORMAL, minPages + rnd.nextInt(maxPages - minPages)));
    }
    ZoneLayout layout = ZoneLayout.packed(ImmutableList.copyOf(sizes));
    PageAllocator a = new PageAllocator(layout);
    if (rnd.nextBoolean()) {
      a.setMinFreeKbytes(rnd.nextInt(8192));
    }
    long end = layout.zones().get(layout.zones().size() - 1).endPfn();
    boolean[] used = new boolean[(int) end];
    long[][] initial = new long[ZoneType.COUNT][];
    for (Zone z : a.zones()) {
      initial[z.type().index()] = nrFreeByOrder(z);
    }
    List<long[]> live = new ArrayList<>();
    int step = 0;
    String op = "";
    try {
      for (step = 0; step < steps; step++) {
        long freeBefore = totalFree(a);
        if (live.isEmpty() || rnd.nextInt(100) < 60) {
          int order = rnd.nextInt(100) < 75 ? rnd.nextInt(4) : rnd.nextInt(11);
          int gfp = MASKS[rnd.nextInt(MASKS.length)];
          boolean atomic = !Gfp.allowsBlocking(gfp);
          op = "alloc order " + order + " " + Gfp.format(gfp);
          AllocResult r = a.allocate(order, gfp, atomic);
          if (r.succeeded()) {
            Zone z = a.zone(r.zone());
            assertThat(r.pfn() % (1L << order)).as("alignment").isZero();
            assertThat(r.pfn()).isGreaterThanOrEqualTo(z.spec().startPfn());
            assertThat(r.pfn() + (1L << order)).isLessThanOrEqualTo(z.spec().endPfn());
            for (long p = r.pfn(); p < r.pfn() + (1L << order); p++) {
              assertThat(used[(int) p]).as("frame 0x%x handed out twice", p).isFalse();
              used[(int) p] = true;
            }
            assertThat(r.zone().index()).isLessThanOrEqualTo(Gfp.zone(gfp).index());
            assertThat(totalFree(a)).isEqualTo(freeBefore - (1L << order));
            if (r.tier() == ReserveTier.NO_WATERMARKS) {
              assertThat(gfp & Gfp.MEMALLOC).isNotZero();
            }
            live.add(new long[] {r.pfn(), order});
          } else {
            assertThat(totalFree(a)).isEqualTo(freeBefore);
          }
        } else {
          long[] block = live.remove(rnd.nextInt(live.size()));
          op = "free 0x" + Long.toHexString(block[0]) + " order " + block[1];
          a.free(block[0], (int) block[1]);
          for (long p = block[0]; p < block[0] + (1L << block[1]); p++) {
            used[(int) p] = false;
          }
          assertThat(totalFree(a)).isEqualTo(freeBefore + (1L << block[1]));
        }
        a.checkInvariants();
        for (Zone z : a.zones()) {
          long ref = 0;
          for (long p = z.spec().startPfn(); p < z.spec().endPfn(); p++) {
            ref += used[(int) p] ? 1 : 0;
          }
          assertThat(z.freeArea().allocatedPages()).as("zone %s allocated", z.name())
              .isEqualTo(ref);
        }
      }
      op = "free everything";
      while (!live.isEmpty()) {
        long[] block = live.remove(rnd.nextInt(live.size()));
        a.free(block[0], (int) block[1]);
        a.checkInvariants();
      }
      while (a.unreserveHighatomicPageblock(Gfp.GFP_KERNEL, true)) {
        a.checkInvariants();
      }
      for (Zone z : a.zones()) {
        assertThat(z.freePages()).isEqualTo(z.managedPages());
        if (z.managedPages() / 100 < PageOrder.PAGEBLOCK_NR_PAGES) {
          // No highatomic reserve could exist, so every block merged back.
          assertThat(nrFreeByOrder(z)).as("zone %s coalesced", z.name())
              .containsExactly(initial[z.type().index()]);
        }
      }
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError("seed " + seed + " step " + step + " (" + op + "): "
          + e.getMessage(), e);
    }
  }

  private static long totalFree(PageAllocator a) {
    long sum = 0;
    for (Zone z : a.zones()) {
      sum += z.freePages();
    }
    return sum;
  }

  private static long[] nrFreeByOrder(Zone z) {
    long[] n = new long[PageOrder.NR_PAGE_ORDERS];
    for (int o = 0; o < n.length; o++) {
      n[o] = z.freeArea().nrFree(o);
    }
    return n;
  }
}
