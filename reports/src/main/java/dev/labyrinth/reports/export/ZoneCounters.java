package dev.labyrinth.reports.export;

import dev.labyrinth.reports.TraceEvent;
import dev.labyrinth.reports.Watermarks;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The counter tracks of each zone: free pages, the min/low/high watermarks and the atomic floor
 * (3/8 of min, {@link Watermarks#atomicFloorPages}). A sample is written only when a value
 * changes, so an allocation-heavy trace does not repeat unchanged watermarks.
 *
 * <p>Free pages after an event are derived from the record: {@code free_before - 2^order} after a
 * successful {@code mm_page_alloc}, {@code free_before + 2^order} after {@code mm_page_free}, and
 * {@code free_before} after a failure. Pages cached on per-CPU lists make this an estimate
 * between records; the next record's {@code free_before} is exact again.
 */
final class ZoneCounters {

  private static final String[] SERIES = {"free", "min", "low", "high", "atomic_floor"};

  private final Map<String, long[]> lastByZone = new TreeMap<>();

  /** Writes the samples {@code event} implies, if any. */
  void observe(ChromeEventWriter out, TraceEvent event) throws IOException {
    String zone = event.stringField("zone", "none");
    if (zone.equals("none")) {
      return;
    }
    switch (event.name()) {
      case "zone_init" -> write(out, event.timeNs(), zone, event.longField("free", -1),
          event.longField("min", -1), event.longField("low", -1), event.longField("high", -1));
      case "mm_page_alloc" -> {
        long before = event.longField("free_before", -1);
        long pages = 1L << Math.min(62, Math.max(0, event.longField("order", 0)));
        long after = before < 0 ? -1 : event.longField("pfn", -1) >= 0 ? before - pages : before;
        write(out, event.timeNs(), zone, after, event.longField("wmark_min", -1),
            event.longField("wmark_low", -1), event.longField("wmark_high", -1));
      }
      case "mm_page_free" -> {
        long before = event.longField("free_before", -1);
        long pages = 1L << Math.min(62, Math.max(0, event.longField("order", 0)));
        long[] last = lastByZone.get(zone);
        write(out, event.timeNs(), zone, before < 0 ? -1 : before + pages,
            last == null ? -1 : last[1], last == null ? -1 : last[2], last == null ? -1 : last[3]);
      }
      default -> { }
    }
  }

  private void write(ChromeEventWriter out, long timeNs, String zone, long free, long min,
      long low, long high) throws IOException {
    long[] values = {free, min, low, high, min < 0 ? -1 : Watermarks.atomicFloorPages(min)};
    long[] last = lastByZone.computeIfAbsent(zone, z -> new long[] {-1, -1, -1, -1, -1});
    for (int i = 0; i < SERIES.length; i++) {
      if (values[i] >= 0 && values[i] != last[i]) {
        out.counter(trackName(zone, SERIES[i]), timeNs, values[i]);
        last[i] = values[i];
      }
    }
  }

  /** {@code "zone DMA32 free"}: one counter track per zone and series. */
  static String trackName(String zone, String series) {
    return "zone " + zone + " " + series;
  }
}
