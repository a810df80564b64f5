package dev.labyrinth.reports.html;

import dev.labyrinth.reports.Durations;
import dev.labyrinth.reports.reserves.CallerTally;
import dev.labyrinth.reports.reserves.DrainCause;
import dev.labyrinth.reports.reserves.ReserveHit;
import java.util.List;
import java.util.Set;

/**
 * The table of reserve hits and failures, one row per {@link ReserveHit} in trace order, capped.
 * Row {@code N} has {@code id="row-N"} and its time links to the chart marker {@code #hit-N}, and
 * the marker links back, so a reader can go between the two without JavaScript.
 */
final class HitsTable {

  private HitsTable() {}

  static String render(List<ReserveHit> hits, int rowsMax, Set<String> chartedZones) {
    StringBuilder html = new StringBuilder();
    if (hits.isEmpty()) {
      return "<p class=\"none\">No allocation went below the min watermark or failed.</p>\n";
    }
    html.append("<table class=\"hits\">\n<thead><tr><th>#</th><th>time</th><th>CPU</th>"
        + "<th>context</th><th>IRQ or task</th><th>order</th><th>GFP mask</th><th>zone</th>"
        + "<th>tier</th><th>free / min / floor</th><th>cause</th></tr></thead>\n<tbody>\n");
    int shown = Math.min(rowsMax, hits.size());
    for (int i = 0; i < shown; i++) {
      ReserveHit hit = hits.get(i);
      String caller = hit.caller();
      int space = caller.indexOf(' ');
      String context = caller.equals("no cpu") ? "none" : space < 0 ? caller
          : caller.substring(0, space);
      String who = caller.equals("no cpu") || space < 0 ? "-" : caller.substring(space + 1);
      String time = Html.text(Durations.format(hit.timeNs()));
      html.append("<tr id=\"row-").append(i).append("\" class=\"")
          .append(hit.tier().equals("failed") ? "fail" : "hit").append("\"><td>").append(i)
          .append("</td><td>");
      if (chartedZones.contains(hit.zone()) && hit.freeBeforePages() >= 0) {
        html.append("<a href=\"#hit-").append(i).append("\">").append(time).append("</a>");
      } else {
        html.append(time);
      }
      html.append("</td><td>").append(hit.cpu() < 0 ? "-" : Integer.toString(hit.cpu()))
          .append("</td><td>").append(Html.text(context))
          .append("</td><td>").append(Html.text(who))
          .append("</td><td>").append(hit.order())
          .append("</td><td>").append(Html.text(hit.gfpFlags()))
          .append("</td><td>").append(Html.text(hit.zone()))
          .append("</td><td>").append(Html.text(hit.tier()))
          .append("</td><td>").append(hit.freeBeforePages()).append(" / ")
          .append(hit.minPages()).append(" / ").append(hit.atomicFloorPages())
          .append("</td><td>").append(Html.text(cause(hit))).append("</td></tr>\n");
    }
    html.append("</tbody>\n</table>\n");
    if (hits.size() > shown) {
      html.append("<p class=\"capped\">").append(Html.count(hits.size() - shown))
          .append(" more rows left out (the table lists the first ").append(shown)
          .append("; <code>labyrinth reserves TRACE</code> lists all).</p>\n");
    }
    return html.toString();
  }

  /** The drain window and kswapd state, in words. */
  static String cause(ReserveHit hit) {
    StringBuilder text = new StringBuilder();
    DrainCause drain = hit.drain();
    if (drain != null) {
      text.append(drain.allocations().pages()).append(" pages taken by ")
          .append(drain.allocations().allocations()).append(" allocations since ")
          .append(Html.millis(drain.sinceNs())).append(" (zone last at high)");
      if (!drain.topCallers().isEmpty()) {
        text.append(", most by ");
        for (int i = 0; i < drain.topCallers().size(); i++) {
          CallerTally top = drain.topCallers().get(i);
          text.append(i == 0 ? "" : ", ").append(top.caller()).append(" (")
              .append(top.tally().pages()).append(')');
        }
      }
      text.append("; ").append(drain.freed().pages()).append(" freed");
      if (drain.belowLowSinceNs() >= 0) {
        text.append("; below low since ").append(Html.millis(drain.belowLowSinceNs()));
      }
      text.append("; ");
    }
    text.append("kswapd ").append(hit.kswapd().state());
    if (hit.kswapd().sinceNs() >= 0) {
      text.append(" since ").append(Html.millis(hit.kswapd().sinceNs()));
    }
    text.append(", ").append(hit.shortOfHighPages()).append(" pages short of high");
    return text.toString();
  }
}
