package dev.labyrinth.reports.html;

import dev.labyrinth.reports.TraceEvent;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counters in the spirit of {@code /proc/vmstat}, derived from the trace, with Linux's names
 * where Linux has the counter ({@code pgalloc_<zone>}, {@code pgfree}, {@code allocstall},
 * {@code pageoutrun}, {@code pgfault}, {@code oom_kill}) and {@code labyrinth_*} names for the
 * rest. Sorted by name so the table is the same every time.
 */
final class VmstatCounters {

  private final Map<String, Long> counters = new TreeMap<>();

  void observe(TraceEvent event) {
    String name = event.name();
    switch (name) {
      case "mm_page_alloc" -> {
        long pages = 1L << Math.min(62, Math.max(0, event.longField("order", 0)));
        String reserve = event.stringField("reserve", "none");
        if (event.longField("pfn", -1) >= 0) {
          add("pgalloc_" + event.stringField("zone", "none").toLowerCase(Locale.ROOT), pages);
        } else {
          add("labyrinth_alloc_failed", 1);
        }
        if (!reserve.equals("none") && !reserve.equals("failed")) {
          add("labyrinth_alloc_" + reserve, 1);
        }
      }
      case "mm_page_free" -> add("pgfree",
          1L << Math.min(62, Math.max(0, event.longField("order", 0))));
      case "mm_vmscan_direct_reclaim_begin" -> add("allocstall", 1);
      case "mm_vmscan_kswapd_wake" -> add("pageoutrun", 1);
      case "mm_vmscan_wakeup_kswapd" -> add("labyrinth_kswapd_wakeup_requests", 1);
      case "mm_vmscan_direct_reclaim_end" -> add("labyrinth_direct_reclaimed",
          Math.max(0, event.longField("nr_reclaimed", 0)));
      case "irq_handler_entry" -> add("labyrinth_hardirqs", 1);
      case "softirq_entry" -> add("labyrinth_softirqs", 1);
      case "sched_switch" -> add("labyrinth_context_switches", 1);
      default -> {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.contains("fault")) {
          add("pgfault", 1);
        }
        if (lower.contains("oom") && lower.contains("kill")) {
          add("oom_kill", 1);
        }
      }
    }
  }

  private void add(String counter, long amount) {
    counters.merge(counter, amount, Long::sum);
  }

  Map<String, Long> counters() {
    return counters;
  }
}
