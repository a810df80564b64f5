package dev.labyrinth.reports.reserves;

import dev.labyrinth.reports.TraceEvent;

/**
 * Follows kswapd through its tracepoints: a wake-up request ({@code mm_vmscan_wakeup_kswapd})
 * while asleep makes it {@code woken}; {@code mm_vmscan_kswapd_wake} makes it {@code awake};
 * {@code mm_vmscan_kswapd_sleep} makes it {@code asleep}. Without any of them, {@code unknown}.
 */
final class KswapdTracker {

  private KswapdStatus status = new KswapdStatus("unknown", -1);

  void observe(TraceEvent event) {
    switch (event.name()) {
      case "mm_vmscan_wakeup_kswapd" -> {
        if (!status.state().equals("awake") && !status.state().equals("woken")) {
          status = new KswapdStatus("woken", event.timeNs());
        }
      }
      case "mm_vmscan_kswapd_wake" -> {
        if (!status.state().equals("awake")) {
          status = new KswapdStatus("awake", event.timeNs());
        }
      }
      case "mm_vmscan_kswapd_sleep" -> status = new KswapdStatus("asleep", event.timeNs());
      default -> { }
    }
  }

  KswapdStatus status() {
    return status;
  }
}
