package dev.labyrinth.reports.html;

import dev.labyrinth.reports.Durations;
import dev.labyrinth.reports.EventContext;
import dev.labyrinth.reports.TraceEvent;
import java.util.Map;

/**
 * The smaller sections: kswapd and direct reclaim, COW faults and fork cost, kernel messages, and
 * the counters. Each renders what it was given as a table, or says plainly that the run had none.
 */
final class ActivitySections {

  private ActivitySections() {}

  static String reclaim(ReclaimActivity reclaim, int rowsMax) {
    StringBuilder html = new StringBuilder();
    html.append("<table class=\"kv\"><tbody>\n");
    row(html, "kswapd wake-up requests (<code>mm_vmscan_wakeup_kswapd</code>)",
        Html.count(reclaim.wakeupRequests()));
    row(html, "kswapd runs (<code>mm_vmscan_kswapd_wake</code> to <code>_sleep</code>)",
        Html.count(reclaim.wakes()));
    row(html, "kswapd awake in total", Durations.format(reclaim.awakeTotalNs()));
    row(html, "kswapd longest run", Durations.format(reclaim.awakeLongestNs()));
    row(html, "direct reclaim episodes", Html.count(reclaim.episodeCount()));
    row(html, "direct reclaim time in total", Durations.format(reclaim.directTotalNs()));
    row(html, "direct reclaim longest episode", Durations.format(reclaim.directLongestNs()));
    row(html, "pages reclaimed directly (<code>nr_reclaimed</code>)",
        Html.count(reclaim.reclaimedPages()));
    html.append("</tbody></table>\n");
    if (reclaim.wakes() == 0 && reclaim.wakeupRequests() == 0 && reclaim.episodeCount() == 0) {
      html.append("<p class=\"none\">No kswapd or direct-reclaim activity in this run.</p>\n");
      return html.toString();
    }
    if (!reclaim.episodes().isEmpty()) {
      html.append("<table class=\"episodes\">\n<thead><tr><th>begin</th><th>duration</th>"
          + "<th>CPU</th><th>task</th><th>order</th><th>GFP mask</th><th>reclaimed</th></tr>"
          + "</thead>\n<tbody>\n");
      for (ReclaimActivity.Episode episode : reclaim.episodes()) {
        html.append("<tr><td>").append(Durations.format(episode.beginNs())).append("</td><td>")
            .append(Durations.format(episode.endNs() - episode.beginNs())).append("</td><td>")
            .append(episode.cpu()).append("</td><td>").append(Html.text(episode.task()))
            .append("</td><td>").append(episode.order()).append("</td><td>")
            .append(Html.text(episode.gfpFlags())).append("</td><td>")
            .append(episode.reclaimedPages()).append("</td></tr>\n");
      }
      html.append("</tbody>\n</table>\n");
      capped(html, reclaim.episodeCount(), rowsMax, "episodes");
    }
    return html.toString();
  }

  static String vm(VmActivity vm) {
    if (vm.faults() == 0 && vm.forks() == 0) {
      return "<p class=\"none\">No COW activity in this run: the trace has no fault or fork "
          + "records.</p>\n";
    }
    StringBuilder html = new StringBuilder("<table class=\"kv\"><tbody>\n");
    row(html, "faults", Html.count(vm.faults()));
    row(html, "COW faults (write-protect: reuse or copy)", Html.count(vm.cowFaults()));
    row(html, "forks", Html.count(vm.forks()));
    vm.pinsByKind().forEach((kind, n) -> row(html, "pins (" + kind + ")", Html.count(n)));
    row(html, "bleed violations (vm_bleed)", Html.count(vm.bleeds()));
    html.append("</tbody></table>\n");
    if (!vm.faultsByKind().isEmpty()) {
      html.append("<table class=\"faults\">\n<thead><tr><th>vm_fault kind, outcome</th>"
          + "<th>count</th></tr></thead>\n<tbody>\n");
      counts(html, vm.faultsByKind());
      html.append("</tbody>\n</table>\n");
    }
    if (vm.forks() > 0) {
      html.append("<table class=\"forks\">\n<thead><tr><th>fork cost (vm_fork)</th>"
          + "<th>total</th><th>per fork</th></tr></thead>\n<tbody>\n");
      vm.forkTotals().forEach((field, total) -> html.append("<tr><td>")
          .append(Html.text(field)).append("</td><td>").append(Html.count(total))
          .append("</td><td>").append(Html.count(total / Math.max(1, vm.forks())))
          .append("</td></tr>\n"));
      html.append("</tbody>\n</table>\n");
    }
    return html.toString();
  }

  static String messages(KernelMessages messages, int rowsMax) {
    if (messages.total() == 0) {
      return "<p class=\"none\">No warn_alloc, BUG, might_sleep or OOM records in this "
          + "run.</p>\n";
    }
    StringBuilder html = new StringBuilder("<table class=\"messages\">\n<thead><tr><th>time</th>"
        + "<th>CPU</th><th>event</th><th>fields</th></tr></thead>\n<tbody>\n");
    for (TraceEvent event : messages.shown()) {
      EventContext where = EventContext.of(event);
      StringBuilder fields = new StringBuilder();
      event.fields().forEach((key, value) -> {
        if (!EventContext.KEYS.contains(key)) {
          fields.append(fields.length() == 0 ? "" : " ").append(key).append('=').append(value);
        }
      });
      html.append("<tr><td>").append(Durations.format(event.timeNs())).append("</td><td>")
          .append(where.onCpu() ? Integer.toString(where.cpu()) : "-").append("</td><td>")
          .append(Html.text(event.name())).append("</td><td>").append(Html.text(fields.toString()))
          .append("</td></tr>\n");
    }
    html.append("</tbody>\n</table>\n");
    capped(html, messages.total(), rowsMax, "messages");
    return html.toString();
  }

  static String counters(Map<String, Long> vmstat, Map<String, Long> events) {
    StringBuilder html = new StringBuilder("<div class=\"counters\">\n<table class=\"vmstat\">\n"
        + "<thead><tr><th>counter</th><th>value</th></tr></thead>\n<tbody>\n");
    counts(html, vmstat);
    html.append("</tbody>\n</table>\n<table class=\"events\">\n<thead><tr><th>event</th>"
        + "<th>records</th></tr></thead>\n<tbody>\n");
    counts(html, events);
    html.append("</tbody>\n</table>\n</div>\n");
    return html.toString();
  }

  private static void counts(StringBuilder html, Map<String, Long> counts) {
    counts.forEach((name, count) -> html.append("<tr><td>").append(Html.text(name))
        .append("</td><td>").append(Html.count(count)).append("</td></tr>\n"));
  }

  private static void row(StringBuilder html, String labelHtml, String value) {
    html.append("<tr><th>").append(labelHtml).append("</th><td>").append(value)
        .append("</td></tr>\n");
  }

  private static void capped(StringBuilder html, long total, int rowsMax, String what) {
    if (total > rowsMax) {
      html.append("<p class=\"capped\">").append(Html.count(total - rowsMax)).append(' ')
          .append(what).append(" left out (the table lists the first ").append(rowsMax)
          .append(").</p>\n");
    }
  }
}
