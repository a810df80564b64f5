package dev.labyrinth.reports.html;

import dev.labyrinth.reports.TraceEvent;
import dev.labyrinth.reports.TraceFormatException;
import dev.labyrinth.reports.TraceReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The report's own streaming pass over the trace (the reserve analysis makes another): zone
 * series, handler latencies, reclaim, vm activity, kernel messages and counters. It needs the
 * run's end time up front, to map time to pixel columns, so it runs after the summary pass.
 */
final class ReportPass {

  /** Chart plot width in pixel columns. */
  static final int COLUMNS = 880;

  private final long endNs;
  private final Map<String, ZoneSeries> zones = new LinkedHashMap<>();
  private final HandlerLatencies latencies = new HandlerLatencies();
  private final ReclaimActivity reclaim;
  private final VmActivity vm = new VmActivity();
  private final KernelMessages messages;
  private final VmstatCounters vmstat = new VmstatCounters();

  private ReportPass(long endNs, int tableRowsMax) {
    this.endNs = endNs;
    this.reclaim = new ReclaimActivity(endNs, COLUMNS, tableRowsMax);
    this.messages = new KernelMessages(tableRowsMax);
  }

  static ReportPass of(Path trace, long endNs, int tableRowsMax) throws IOException,
      TraceFormatException {
    ReportPass pass = new ReportPass(endNs, tableRowsMax);
    try (TraceReader reader = TraceReader.open(trace)) {
      for (TraceEvent event = reader.next(); event != null; event = reader.next()) {
        pass.observe(event);
      }
    }
    pass.zones.values().forEach(ZoneSeries::finish);
    pass.latencies.finish();
    pass.reclaim.finish();
    return pass;
  }

  private void observe(TraceEvent event) {
    latencies.observe(event);
    reclaim.observe(event);
    vm.observe(event);
    messages.observe(event);
    vmstat.observe(event);
    switch (event.name()) {
      case "zone_init" -> {
        ZoneSeries zone = zone(event.stringField("zone", "none"));
        zone.watermarks(event.timeNs(), event.longField("min", -1), event.longField("low", -1),
            event.longField("high", -1));
        zone.free(event.timeNs(), event.longField("free", -1));
      }
      case "mm_page_alloc" -> {
        String name = event.stringField("zone", "none");
        if (!name.equals("none")) {
          ZoneSeries zone = zone(name);
          long before = event.longField("free_before", -1);
          zone.watermarks(event.timeNs(), event.longField("wmark_min", -1),
              event.longField("wmark_low", -1), event.longField("wmark_high", -1));
          zone.free(event.timeNs(), before);
          if (event.longField("pfn", -1) >= 0 && before >= 0) {
            zone.free(event.timeNs(), before - pages(event));
          }
        }
      }
      case "mm_page_free" -> {
        ZoneSeries zone = zone(event.stringField("zone", "none"));
        long before = event.longField("free_before", -1);
        zone.free(event.timeNs(), before);
        if (before >= 0) {
          zone.free(event.timeNs(), before + pages(event));
        }
      }
      default -> { }
    }
  }

  private static long pages(TraceEvent event) {
    return 1L << Math.min(62, Math.max(0, event.longField("order", 0)));
  }

  private ZoneSeries zone(String name) {
    return zones.computeIfAbsent(name, z -> new ZoneSeries(z, endNs, COLUMNS));
  }

  /** Zones in the order the trace introduced them (zone_init: lowest first). */
  Iterable<ZoneSeries> zones() {
    return zones.values();
  }

  HandlerLatencies latencies() {
    return latencies;
  }

  ReclaimActivity reclaim() {
    return reclaim;
  }

  VmActivity vm() {
    return vm;
  }

  KernelMessages messages() {
    return messages;
  }

  VmstatCounters vmstat() {
    return vmstat;
  }
}
