package dev.labyrinth.reports.sizing;

import com.google.common.html.HtmlEscapers;
import java.util.Comparator;
import java.util.List;

/**
 * A reserve sizing as one self-contained HTML page: the failure rate at each setting tried, as an
 * inline SVG curve and a table, and the answer. Plain data in, deterministic bytes out (integer
 * coordinates, no clock, no script, no network); every string from the user or the scenario is
 * escaped. It lives in {@code reports} and knows nothing of the emulator.
 */
public final class SizingReport {

  private static final int WIDTH = 640;
  private static final int HEIGHT = 320;
  private static final int MARGIN = 48;

  /**
   * What the sizing found.
   *
   * @param scenario the scenario's name
   * @param knob the knob, e.g. {@code vm.min_free_kbytes}
   * @param target the target, e.g. {@code failures=0}
   * @param seeds the seed range, e.g. {@code 1..1000}
   * @param points every setting tried, any order
   * @param answer the smallest setting that met the target on every seed, or null when none did
   * @param notes warnings (e.g. a non-monotone observation), shown as given
   */
  public record Sizing(String scenario, String knob, String target, String seeds,
      List<SizingPoint> points, Long answer, List<String> notes) {}

  private SizingReport() {}

  public static String render(Sizing sizing) {
    List<SizingPoint> points = sizing.points().stream()
        .sorted(Comparator.comparingLong(SizingPoint::setting)).toList();
    StringBuilder html = new StringBuilder(8192);
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
        .append(esc("Reserve sizing: " + sizing.scenario())).append("</title>\n<style>\n")
        .append("body{font-family:system-ui,sans-serif;margin:2em;color:#222}\n")
        .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px;"
            + "text-align:right}\n.ok{color:#176b1d}.bad{color:#a11}\n")
        .append("</style>\n</head>\n<body>\n<h1>").append(esc("Reserve sizing: "
            + sizing.scenario())).append("</h1>\n<p>Knob <code>").append(esc(sizing.knob()))
        .append("</code>, target <code>").append(esc(sizing.target()))
        .append("</code> on every seed of <code>").append(esc(sizing.seeds()))
        .append("</code>.</p>\n<p><strong>");
    html.append(sizing.answer() == null ? "No setting tried met the target."
        : esc("Smallest setting that meets the target: " + sizing.knob() + "="
            + sizing.answer()));
    html.append("</strong></p>\n");
    for (String note : sizing.notes()) {
      html.append("<p class=\"bad\">").append(esc(note)).append("</p>\n");
    }
    svg(html, sizing.knob(), points);
    html.append("<table>\n<tr><th>").append(esc(sizing.knob()))
        .append("</th><th>seeds</th><th>missing the target</th><th>failure rate</th></tr>\n");
    for (SizingPoint p : points) {
      html.append("<tr class=\"").append(p.failingRuns() == 0 ? "ok" : "bad").append("\"><td>")
          .append(p.setting()).append("</td><td>").append(p.runs()).append("</td><td>")
          .append(p.failingRuns()).append("</td><td>").append(p.failureRateText())
          .append("</td></tr>\n");
    }
    html.append("</table>\n<p>Bisection assumes the failure rate does not rise as the knob "
        + "grows; a note above says when an observation contradicted that.</p>\n"
        + "</body>\n</html>\n");
    return html.toString();
  }

  /** Failure rate (0..100%) against the setting, linear axes over the tried range. */
  private static void svg(StringBuilder html, String knob, List<SizingPoint> points) {
    int plotW = WIDTH - 2 * MARGIN;
    int plotH = HEIGHT - 2 * MARGIN;
    html.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH)
        .append("\" height=\"").append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH)
        .append(' ').append(HEIGHT).append("\" role=\"img\" aria-label=\"failure rate against ")
        .append(esc(knob)).append("\">\n");
    html.append("<rect x=\"").append(MARGIN).append("\" y=\"").append(MARGIN)
        .append("\" width=\"").append(plotW).append("\" height=\"").append(plotH)
        .append("\" fill=\"none\" stroke=\"#888\"/>\n");
    html.append("<text x=\"4\" y=\"").append(MARGIN + 4).append("\" font-size=\"11\">100%</text>\n")
        .append("<text x=\"16\" y=\"").append(MARGIN + plotH + 4)
        .append("\" font-size=\"11\">0%</text>\n");
    if (points.isEmpty()) {
      html.append("</svg>\n");
      return;
    }
    long lo = points.get(0).setting();
    long hi = points.get(points.size() - 1).setting();
    long span = Math.max(1, hi - lo);
    StringBuilder path = new StringBuilder();
    for (SizingPoint p : points) {
      long x = MARGIN + (p.setting() - lo) * plotW / span;
      long y = MARGIN + plotH - p.failureBasisPoints() * plotH / 10_000;
      path.append(path.length() == 0 ? "M" : " L").append(x).append(' ').append(y);
      html.append("<circle cx=\"").append(x).append("\" cy=\"").append(y)
          .append("\" r=\"3\" fill=\"").append(p.failingRuns() == 0 ? "#176b1d" : "#a11")
          .append("\"><title>").append(esc(knob + "=" + p.setting() + ": "
              + p.failureRateText())).append("</title></circle>\n");
    }
    html.append("<path d=\"").append(path).append("\" fill=\"none\" stroke=\"#36c\"/>\n");
    html.append("<text x=\"").append(MARGIN).append("\" y=\"").append(HEIGHT - 12)
        .append("\" font-size=\"11\">").append(lo).append("</text>\n<text x=\"")
        .append(WIDTH - MARGIN).append("\" y=\"").append(HEIGHT - 12)
        .append("\" font-size=\"11\" text-anchor=\"end\">").append(hi).append("</text>\n<text x=\"")
        .append(WIDTH / 2).append("\" y=\"").append(HEIGHT - 12)
        .append("\" font-size=\"11\" text-anchor=\"middle\">").append(esc(knob))
        .append("</text>\n</svg>\n");
  }

  private static String esc(String text) {
    return HtmlEscapers.htmlEscaper().escape(text);
  }
}
