package dev.labyrinth.emulator.scenario;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

/**
 * One memory zone given explicitly, with Linux's three page counts (as in /proc/zoneinfo).
 *
 * @param name DMA, DMA32, Normal or Movable
 * @param managedPages pages the buddy allocator manages, &gt;= 1
 * @param presentPages physical pages present, &gt;= managedPages
 * @param spannedPages pages the zone's PFN range spans, holes included, &gt;= presentPages
 */
public record ZoneSpec(String name, long managedPages, long presentPages, long spannedPages) {
  public ZoneSpec {
    checkNotNull(name, "name");
    checkArgument(managedPages >= 1, "managedPages must be >= 1: %s", managedPages);
    checkArgument(presentPages >= managedPages, "presentPages < managedPages");
    checkArgument(spannedPages >= presentPages, "spannedPages < presentPages");
  }
}
