package dev.labyrinth.reports.html;

import dev.labyrinth.reports.Durations;
import dev.labyrinth.reports.ZoneLockFigures;

/**
 * The zone lock spins under the latency tables: a spin in a handler lengthens it and delays the
 * next interrupt on that CPU, so it belongs with the latencies it explains.
 */
final class ZoneLockSection {

  private ZoneLockSection() {}

  /** A heading and a table per zone and context; a one-line note when no CPU spun. */
  static String render(ZoneLockFigures figures) {
    StringBuilder html = new StringBuilder("<h3>zone-&gt;lock spins</h3>\n");
    if (figures.spins() == 0) {
      return html.append("<p class=\"none\">No CPU spun on a zone lock in this trace.</p>\n")
          .toString();
    }
    html.append("<table class=\"latency\" id=\"zone-lock\">\n<thead><tr><th>zone</th>"
        + "<th>context</th><th>spins</th><th>total wait</th><th>longest wait</th></tr></thead>\n"
        + "<tbody>\n");
    for (ZoneLockFigures.Row r : figures.rows()) {
      html.append("<tr><td>").append(Html.text(r.zone())).append("</td><td>")
          .append(Html.text(r.ctx())).append("</td><td>").append(Html.count(r.spins()))
          .append("</td><td>").append(Durations.format(r.waitTotalNs())).append("</td><td>")
          .append(Durations.format(r.waitMaxNs())).append("</td></tr>\n");
    }
    return html.append("</tbody>\n</table>\n").toString();
  }
}
