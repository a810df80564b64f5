package dev.labyrinth.emulator.mm;

import com.google.common.collect.ImmutableList;

/** Small layouts for tests. */
final class TestZones {
  private TestZones() {}

  /** One DMA32 zone of {@code pages} frames, all managed, from pfn 0. */
  static ZoneLayout single(long pages) {
    return ZoneLayout.packed(ImmutableList.of(ZoneLayout.Sizes.of(ZoneType.DMA32, pages)));
  }

  /** A single zone whose min watermark is exactly 1024 (min_free_kbytes 4096). */
  static PageAllocator minIs1024(long pages) {
    PageAllocator a = new PageAllocator(single(pages));
    a.setMinFreeKbytes(4096);
    return a;
  }

  /** Takes order-0 MOVABLE pages straight off the lists until the zone has {@code free} left. */
  static void drainTo(Zone z, long free) {
    while (z.freePages() > free) {
      if (z.freeArea().rmqueue(0, MigrateType.MOVABLE, AllocFlags.NO_WATERMARKS) < 0) {
        throw new AssertionError("cannot drain");
      }
    }
  }
}
