package dev.labyrinth.emulator.mm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Prints order-0 alloc+free pairs per second; measured, not asserted. */
class AllocatorThroughputTest {

  @Test
  void order0AllocFreePairsPerSecond() {
    PageAllocator a = new PageAllocator(ZoneLayout.fromMemoryBytes(1L << 30));
    FreeArea area = a.zone(ZoneType.DMA32).freeArea();
    long[] held = new long[64];
    int pairs = 2_000_000;
    for (int round = 0; round < 3; round++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < pairs; i++) {
        int slot = i & 63;
        if (held[slot] != 0) {
          a.free(held[slot], 0);
        }
        held[slot] = a.allocate(0, Gfp.GFP_KERNEL, false).pfn();
      }
      long facadeNs = System.nanoTime() - t0;
      t0 = System.nanoTime();
      for (int i = 0; i < pairs * 5; i++) {
        long pfn = area.rmqueue(0, MigrateType.UNMOVABLE, AllocFlags.WMARK_LOW);
        area.free(pfn, 0);
      }
      long rawNs = System.nanoTime() - t0;
      System.out.println(String.format(Locale.ROOT,
          "order-0 alloc+free pairs/s: PageAllocator %,d; FreeArea %,d",
          pairs * 1_000_000_000L / facadeNs, pairs * 5L * 1_000_000_000L / rawNs));
    }
    a.checkInvariants();
    assertThat(a.zone(ZoneType.DMA32).freeArea().allocatedPages()).isEqualTo(64);
  }
}
