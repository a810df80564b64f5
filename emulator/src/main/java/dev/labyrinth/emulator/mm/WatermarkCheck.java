package dev.labyrinth.emulator.mm;

import static dev.labyrinth.emulator.mm.PageOrder.NR_PAGE_ORDERS;

/** The watermark check an allocation must pass in a zone (mm/page_alloc.c). */
public final class WatermarkCheck {
  private WatermarkCheck() {}

  /**
   * {@code __zone_watermark_unusable_free()}: {@code 2^order - 1}, plus the free HIGHATOMIC pages
   * unless the caller has any of ALLOC_RESERVES (no CMA is modelled).
   */
  public static long unusableFree(FreeArea area, int order, int allocFlags) {
    long unusable = (1L << order) - 1;
    if ((allocFlags & AllocFlags.RESERVES) == 0) {
      unusable += area.nrFreeHighatomic();
    }
    return unusable;
  }

  /**
   * The minimum a caller must stay above; the reserve reductions of {@code __zone_watermark_ok()}:
   * ALLOC_MIN_RESERVE takes {@code min - min/2}, then with ALLOC_NON_BLOCK {@code min - min/4};
   * ALLOC_OOM then takes {@code min - min/2}. ALLOC_NON_BLOCK alone reduces nothing.
   */
  public static long effectiveMin(long mark, int allocFlags) {
    long min = mark;
    if ((allocFlags & AllocFlags.RESERVES) != 0) {
      if ((allocFlags & AllocFlags.MIN_RESERVE) != 0) {
        min -= min / 2;
        if ((allocFlags & AllocFlags.NON_BLOCK) != 0) {
          min -= min / 4;
        }
      }
      if ((allocFlags & AllocFlags.OOM) != 0) {
        min -= min / 2;
      }
    }
    return min;
  }

  /**
   * Mirrors {@code __zone_watermark_ok()}: with F' = freePages - unusable (may go negative), fail
   * if F' &lt;= effectiveMin(mark) + lowmemReserve; succeed for order 0; otherwise succeed only
   * if some order from {@code order} to MAX_PAGE_ORDER with {@code nr_free > 0} has a non-empty
   * UNMOVABLE, MOVABLE or RECLAIMABLE list, or a non-empty HIGHATOMIC list when the caller has
   * ALLOC_HIGHATOMIC or ALLOC_OOM.
   *
   * @param mark the watermark, boost included ({@code wmark_pages()})
   * @param lowmemReserve {@code z->lowmem_reserve[highest_zoneidx]}
   */
  public static boolean zoneWatermarkOk(FreeArea area, int order, long mark, long lowmemReserve,
      int allocFlags, long freePages) {
    long free = freePages - unusableFree(area, order, allocFlags);
    long min = effectiveMin(mark, allocFlags);
    if (free <= min + lowmemReserve) {
      return false;
    }
    if (order == 0) {
      return true;
    }
    for (int o = order; o < NR_PAGE_ORDERS; o++) {
      if (area.nrFree(o) == 0) {
        continue;
      }
      for (int mt = 0; mt < MigrateType.PCPTYPES; mt++) {
        if (!area.listEmpty(o, mt)) {
          return true;
        }
      }
      if ((allocFlags & (AllocFlags.HIGHATOMIC | AllocFlags.OOM)) != 0
          && !area.listEmpty(o, MigrateType.HIGHATOMIC)) {
        return true;
      }
    }
    return false;
  }

  /** {@link #zoneWatermarkOk} on the zone's current NR_FREE_PAGES ({@code zone_watermark_ok()}). */
  public static boolean zoneWatermarkOk(Zone zone, int order, long mark, int highestZoneIndex,
      int allocFlags) {
    return zoneWatermarkOk(zone.freeArea(), order, mark, zone.lowmemReserve(highestZoneIndex),
        allocFlags, zone.freePages());
  }

  /**
   * Mirrors {@code zone_watermark_fast()}: for order 0 a shortcut first (usable = free -
   * min(free, unusable) &gt; mark + reserve, no reductions); then the full check; and if that
   * fails for an order-0 ALLOC_MIN_RESERVE check at WMARK_MIN in a boosted zone, one retry
   * against the unboosted {@code _watermark[WMARK_MIN]}.
   */
  public static boolean zoneWatermarkFast(Zone zone, int order, long mark, int highestZoneIndex,
      int allocFlags) {
    FreeArea area = zone.freeArea();
    long freePages = zone.freePages();
    long reserve = zone.lowmemReserve(highestZoneIndex);
    if (order == 0) {
      long usable = freePages - Math.min(freePages, unusableFree(area, 0, allocFlags));
      if (usable > mark + reserve) {
        return true;
      }
    }
    if (zoneWatermarkOk(area, order, mark, reserve, allocFlags, freePages)) {
      return true;
    }
    if (order == 0
        && (allocFlags & AllocFlags.MIN_RESERVE) != 0
        && zone.watermarkBoost() != 0
        && (allocFlags & AllocFlags.WMARK_MASK) == AllocFlags.WMARK_MIN) {
      return zoneWatermarkOk(area, order, zone.rawWatermark(Watermarks.WMARK_MIN), reserve,
          allocFlags, freePages);
    }
    return false;
  }
}
