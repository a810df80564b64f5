package dev.labyrinth.reports.reserves;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedSet;
import com.google.common.collect.ImmutableSortedMap;
import dev.labyrinth.reports.TraceEvent;
import dev.labyrinth.reports.TraceFormatException;
import dev.labyrinth.reports.TraceHeaderInfo;
import dev.labyrinth.reports.TraceReader;
import dev.labyrinth.reports.Watermarks;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where allocations went below the low watermark and dipped into the reserves, and why: the
 * question a driver engineer asks about GFP_ATOMIC in an interrupt handler. One streaming pass;
 * the state is a drain window per zone, group tallies, and the list of reserve hits. Used by
 * {@code labyrinth reserves} and by the HTML report. Definitions are in docs/exports.md.
 *
 * @param header the trace's header
 * @param belowLow every allocation whose {@code reserve} is not {@code none}
 * @param byTier those, by reserve tier
 * @param byGfp those, by GFP mask
 * @param byCaller those, by caller (IRQ handler, softirq or task)
 * @param byCpu those, by CPU ({@code cpu0}, ..., {@code none})
 * @param hits every allocation below min (a reserve tier) or failed, in trace order
 * @param zones each zone's lowest point, by zone name
 */
public record ReserveAnalysis(TraceHeaderInfo header, Tally belowLow,
    ImmutableSortedMap<String, Tally> byTier, ImmutableSortedMap<String, Tally> byGfp,
    ImmutableSortedMap<String, Tally> byCaller, ImmutableSortedMap<String, Tally> byCpu,
    ImmutableList<ReserveHit> hits, ImmutableSortedMap<String, ZoneLowPoint> zones) {

  /** Analyses {@code trace} in one pass. */
  public static ReserveAnalysis of(Path trace) throws IOException, TraceFormatException {
    try (TraceReader reader = TraceReader.open(trace)) {
      Pass pass = new Pass();
      for (TraceEvent event = reader.next(); event != null; event = reader.next()) {
        pass.observe(event);
      }
      return pass.result(reader.header());
    }
  }

  /** Failures only (tier {@code failed}). */
  public long failures() {
    return hits.stream().filter(hit -> hit.tier().equals("failed")).count();
  }

  /**
   * A pass fed one record at a time, for callers that produce records rather than read a file
   * (the sweep analyses each run in memory without writing its trace).
   */
  public static Pass streaming() {
    return new Pass();
  }

  /** The mutable state of one pass: {@link #observe} every record, then {@link #result}. */
  public static final class Pass {
    private final Map<String, ZoneDrain> zones = new TreeMap<>();
    private final Callers callers = new Callers();
    private final KswapdTracker kswapd = new KswapdTracker();
    private Tally belowLow = Tally.ZERO;
    private final Map<String, Tally> byTier = new TreeMap<>();
    private final Map<String, Tally> byGfp = new TreeMap<>();
    private final Map<String, Tally> byCaller = new TreeMap<>();
    private final Map<String, Tally> byCpu = new TreeMap<>();
    private final List<ReserveHit> hits = new ArrayList<>();

    /** Every event {@link #observe} looks at; see {@link #reads}. */
    private static final ImmutableSortedSet<String> READS = ImmutableSortedSet.of(
        "zone_init", "mm_page_alloc", "mm_page_free",
        // KswapdTracker
        "mm_vmscan_wakeup_kswapd", "mm_vmscan_kswapd_wake", "mm_vmscan_kswapd_sleep",
        // Callers
        "irq_handler_entry", "irq_handler_exit", "softirq_entry", "softirq_exit");

    private Pass() {}

    /**
     * Whether {@link #observe} uses records named {@code event}; it ignores every other record,
     * so a producer may skip building them (the sweep does: most records of a run are not read
     * here, and building their fields was most of a sweep's allocation). {@code
     * ReserveAnalysisTest} checks that feeding only these records gives the same analysis.
     */
    public static boolean reads(String event) {
      return READS.contains(event);
    }

    /** Takes the next record, in trace order. */
    public void observe(TraceEvent event) {
      callers.observe(event);
      kswapd.observe(event);
      switch (event.name()) {
        case "zone_init" -> {
          ZoneDrain zone = zone(event.stringField("zone", "none"), event.timeNs());
          zone.watermarks(event.longField("min", -1), event.longField("low", -1),
              event.longField("high", -1));
          zone.level(event.timeNs(), event.longField("free", -1));
        }
        case "mm_page_alloc" -> allocation(event);
        case "mm_page_free" -> {
          ZoneDrain zone = zone(event.stringField("zone", "none"), event.timeNs());
          long before = event.longField("free_before", -1);
          long pages = pages(event);
          zone.level(event.timeNs(), before);
          zone.freed(pages);
          zone.level(event.timeNs(), before < 0 ? -1 : before + pages);
        }
        default -> { }
      }
    }

    private void allocation(TraceEvent event) {
      String caller = callers.of(event);
      String tier = event.stringField("reserve", "none");
      long pages = pages(event);
      long before = event.longField("free_before", -1);
      boolean ok = event.longField("pfn", -1) >= 0;
      String zoneName = event.stringField("zone", "none");
      ZoneDrain zone = zoneName.equals("none") ? null : zone(zoneName, event.timeNs());
      if (zone != null) {
        zone.watermarks(event.longField("wmark_min", -1), event.longField("wmark_low", -1),
            event.longField("wmark_high", -1));
        zone.level(event.timeNs(), before);
      }
      if (!tier.equals("none")) {
        belowLow = belowLow.plus(pages);
        add(byTier, tier, pages);
        add(byGfp, event.stringField("gfp_flags", "none"), pages);
        add(byCaller, caller, pages);
        long cpu = event.longField("cpu", -1);
        add(byCpu, cpu < 0 ? "none" : "cpu" + cpu, pages);
      }
      if (!tier.equals("none") && !tier.equals("below_low")) {
        long min = zone == null ? -1 : zone.minPages();
        hits.add(new ReserveHit(event.timeNs(), (int) event.longField("cpu", -1), caller,
            event.stringField("gfp_flags", "none"), event.longField("order", 0), zoneName, tier,
            before, min, zone == null ? -1 : zone.lowPages(), zone == null ? -1
                : zone.highPages(), min < 0 ? -1 : Watermarks.atomicFloorPages(min),
            zone == null ? null : zone.cause(), kswapd.status()));
      }
      if (zone != null && ok) {
        zone.allocated(caller, pages);
        zone.level(event.timeNs(), before < 0 ? -1 : before - pages);
      }
    }

    private ZoneDrain zone(String name, long timeNs) {
      return zones.computeIfAbsent(name, z -> new ZoneDrain(z, timeNs));
    }

    private static long pages(TraceEvent event) {
      return 1L << Math.min(62, Math.max(0, event.longField("order", 0)));
    }

    private static void add(Map<String, Tally> tallies, String key, long pages) {
      tallies.put(key, tallies.getOrDefault(key, Tally.ZERO).plus(pages));
    }

    /** The analysis of the records observed so far. */
    public ReserveAnalysis result(TraceHeaderInfo header) {
      TreeMap<String, ZoneLowPoint> lows = new TreeMap<>();
      zones.forEach((name, zone) -> {
        if (zone.lowest() != null) {
          lows.put(name, zone.lowest());
        }
      });
      return new ReserveAnalysis(header, belowLow, ImmutableSortedMap.copyOf(byTier),
          ImmutableSortedMap.copyOf(byGfp), ImmutableSortedMap.copyOf(byCaller),
          ImmutableSortedMap.copyOf(byCpu), ImmutableList.copyOf(hits),
          ImmutableSortedMap.copyOf(lows));
    }
  }
}
