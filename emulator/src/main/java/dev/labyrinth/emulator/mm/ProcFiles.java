package dev.labyrinth.emulator.mm;

import java.util.Locale;

/**
 * The emulated /proc files of the allocator, in the kernel's exact layout (mm/vmstat.c):
 * {@code /proc/zoneinfo}, {@code /proc/buddyinfo}, {@code /proc/pagetypeinfo} and
 * {@code /proc/vmstat}. Lines end in {@code \n}; numbers use {@link Locale#ROOT}.
 *
 * <p>Simplifications: one node; the stat lists hold the counters the model has (a subset of
 * Linux's, in Linux's order) and no NUMA counters; the kernel is taken as built without CMA (no
 * CMA type in pagetypeinfo) and with memory isolation (an always-empty Isolate type).
 */
public final class ProcFiles {
  private static final String[] PAGETYPE_NAMES =
      {"Unmovable", "Movable", "Reclaimable", "HighAtomic", "Isolate"};

  private ProcFiles() {}

  /** {@code zoneinfo_show_print()} for every zone type of node 0, populated or not. */
  public static String zoneinfo(PageAllocator a) {
    StringBuilder out = new StringBuilder();
    boolean nodeStatsShown = false;
    for (ZoneType type : ZoneType.values()) {
      Zone z = a.zone(type);
      out.append(String.format(Locale.ROOT, "Node %d, zone %8s", 0, type.linuxName()));
      boolean populated = z != null && z.managedPages() > 0;
      if (populated && !nodeStatsShown) {
        nodeStatsShown = true;
        out.append("\n  per-node stats");
        stat(out, "nr_inactive_anon", lruPages(a, true));
        stat(out, "nr_active_anon", 0);
        stat(out, "nr_inactive_file", lruPages(a, false));
        stat(out, "nr_active_file", 0);
        stat(out, "nr_unevictable", 0);
      }
      long[] reserves = z == null ? new long[ZoneType.COUNT] : z.lowmemReserves();
      out.append(String.format(Locale.ROOT, "\n  pages free     %d", z == null ? 0 : z.freePages()))
          .append(String.format(Locale.ROOT, "\n        boost    %d",
              z == null ? 0 : z.watermarkBoost()))
          .append(String.format(Locale.ROOT, "\n        min      %d",
              z == null ? 0 : z.minWmarkPages()))
          .append(String.format(Locale.ROOT, "\n        low      %d",
              z == null ? 0 : z.lowWmarkPages()))
          .append(String.format(Locale.ROOT, "\n        high     %d",
              z == null ? 0 : z.highWmarkPages()))
          .append(String.format(Locale.ROOT, "\n        promo    %d",
              z == null ? 0 : z.promoWmarkPages()))
          .append(String.format(Locale.ROOT, "\n        spanned  %d",
              z == null ? 0 : z.spec().spannedPages()))
          .append(String.format(Locale.ROOT, "\n        present  %d",
              z == null ? 0 : z.spec().presentPages()))
          .append(String.format(Locale.ROOT, "\n        managed  %d",
              z == null ? 0 : z.managedPages()))
          .append(String.format(Locale.ROOT, "\n        cma      %d", 0));
      out.append("\n        protection: (").append(reserves[0]);
      for (int i = 1; i < reserves.length; i++) {
        out.append(", ").append(reserves[i]);
      }
      out.append(')');
      if (!populated) {
        out.append('\n');
        continue;
      }
      FreeArea area = z.freeArea();
      stat(out, "nr_free_pages", z.freePages());
      stat(out, "nr_free_pages_blocks", freePagesInPageblocks(area));
      stat(out, "nr_zone_inactive_anon", area.lruPages(true));
      stat(out, "nr_zone_active_anon", 0);
      stat(out, "nr_zone_inactive_file", area.lruPages(false));
      stat(out, "nr_zone_active_file", 0);
      stat(out, "nr_zone_unevictable", 0);
      stat(out, "nr_zone_write_pending", 0);
      stat(out, "nr_mlock", 0);
      stat(out, "nr_free_cma", 0);
      out.append("\n  pagesets");
      for (int cpu = 0; cpu < a.cpus(); cpu++) {
        int[] hbmm = a.pcpHighBatchMinMax(type, cpu);
        out.append(String.format(Locale.ROOT, "\n    cpu: %d", cpu))
            .append(String.format(Locale.ROOT, "\n              count:    %d",
                a.pcpCount(type, cpu)))
            .append(String.format(Locale.ROOT, "\n              high:     %d", hbmm[0]))
            .append(String.format(Locale.ROOT, "\n              batch:    %d", hbmm[1]))
            .append(String.format(Locale.ROOT, "\n              high_min: %d", hbmm[2]))
            .append(String.format(Locale.ROOT, "\n              high_max: %d", hbmm[3]));
      }
      out.append(String.format(Locale.ROOT, "\n  vm stats threshold: %d",
          normalThreshold(z.managedPages(), a.cpus())));
      out.append(String.format(Locale.ROOT, "\n  node_unreclaimable:  %d", 0))
          .append(String.format(Locale.ROOT, "\n  start_pfn:           %d", z.spec().startPfn()))
          .append('\n');
    }
    return out.toString();
  }

  /** NR_FREE_PAGES_BLOCKS: free pages in blocks of at least pageblock order. */
  private static long freePagesInPageblocks(FreeArea area) {
    long pages = 0;
    for (int o = PageOrder.PAGEBLOCK_ORDER; o < PageOrder.NR_PAGE_ORDERS; o++) {
      pages += area.nrFree(o) << o;
    }
    return pages;
  }

  private static long lruPages(PageAllocator a, boolean anon) {
    long pages = 0;
    for (Zone z : a.zones()) {
      pages += z.freeArea().lruPages(anon);
    }
    return pages;
  }

  private static void stat(StringBuilder out, String name, long value) {
    out.append(String.format(Locale.ROOT, "\n      %-12s %d", name, value));
  }

  /**
   * {@code calculate_normal_threshold()}: 2 * fls(cpus) * (1 + fls(managed &gt;&gt; 15)), at most
   * 125 (mem in 128 MiB units).
   */
  static int normalThreshold(long managedPages, int cpus) {
    long mem = managedPages >> (27 - 12);
    int threshold = 2 * fls(cpus) * (1 + fls(mem));
    return Math.min(125, threshold);
  }

  private static int fls(long x) {
    return 64 - Long.numberOfLeadingZeros(x);
  }

  /** {@code frag_show_print()}: populated zones, free blocks per order. */
  public static String buddyinfo(PageAllocator a) {
    StringBuilder out = new StringBuilder();
    for (Zone z : a.zones()) {
      if (z.managedPages() == 0) {
        continue;
      }
      out.append(String.format(Locale.ROOT, "Node %d, zone %8s ", 0, z.name()));
      for (int o = 0; o < PageOrder.NR_PAGE_ORDERS; o++) {
        out.append(String.format(Locale.ROOT, "%6d ", z.freeArea().nrFree(o)));
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** {@code pagetypeinfo_show()}: free blocks per type and order, then pageblocks per type. */
  public static String pagetypeinfo(PageAllocator a) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "Page block order: %d\n", PageOrder.PAGEBLOCK_ORDER));
    out.append(String.format(Locale.ROOT, "Pages per block:  %d\n", PageOrder.PAGEBLOCK_NR_PAGES));
    out.append('\n');
    out.append(String.format(Locale.ROOT, "%-43s ", "Free pages count per migrate type at order"));
    for (int o = 0; o < PageOrder.NR_PAGE_ORDERS; o++) {
      out.append(String.format(Locale.ROOT, "%6d ", o));
    }
    out.append('\n');
    for (Zone z : a.zones()) {
      if (z.managedPages() == 0) {
        continue;
      }
      for (int mt = 0; mt < PAGETYPE_NAMES.length; mt++) {
        out.append(String.format(Locale.ROOT, "Node %4d, zone %8s, type %12s ", 0, z.name(),
            PAGETYPE_NAMES[mt]));
        for (int o = 0; o < PageOrder.NR_PAGE_ORDERS; o++) {
          long n = mt < MigrateType.COUNT ? z.freeArea().listLength(o, mt) : 0;
          out.append(String.format(Locale.ROOT, "%s%6d ", n >= 100000 ? ">" : "",
              Math.min(n, 100000)));
        }
        out.append('\n');
      }
    }
    out.append(String.format(Locale.ROOT, "\n%-23s", "Number of blocks type "));
    for (String name : PAGETYPE_NAMES) {
      out.append(String.format(Locale.ROOT, "%12s ", name));
    }
    out.append('\n');
    for (Zone z : a.zones()) {
      if (z.managedPages() == 0) {
        continue;
      }
      long[] counts = z.freeArea().pageblockCounts();
      out.append(String.format(Locale.ROOT, "Node %d, zone %8s ", 0, z.name()));
      for (int mt = 0; mt < PAGETYPE_NAMES.length; mt++) {
        out.append(String.format(Locale.ROOT, "%12d ", mt < MigrateType.COUNT ? counts[mt] : 0));
      }
      out.append('\n');
    }
    return out.toString();
  }

  /**
   * {@code vmstat_show()}: {@code name value} lines; zone gauges, then events in Linux's order,
   * then {@code nr_unstable 0}, then Labyrinth's own counters.
   */
  public static String vmstat(PageAllocator a) {
    StringBuilder out = new StringBuilder();
    long free = 0;
    for (Zone z : a.zones()) {
      free += z.freePages();
    }
    line(out, "nr_free_pages", free);
    line(out, "nr_zone_inactive_anon", lruPages(a, true));
    line(out, "nr_zone_active_anon", 0);
    line(out, "nr_zone_inactive_file", lruPages(a, false));
    line(out, "nr_zone_active_file", 0);
    VmStat v = a.vmstat();
    for (VmStat.Item item : VmStat.Item.values()) {
      if (item.linux()) {
        line(out, item.procName(), v.get(item));
      }
    }
    line(out, "nr_unstable", 0);
    for (VmStat.Item item : VmStat.Item.values()) {
      if (!item.linux()) {
        line(out, item.procName(), v.get(item));
      }
    }
    return out.toString();
  }

  private static void line(StringBuilder out, String name, long value) {
    out.append(name).append(' ').append(value).append('\n');
  }
}
