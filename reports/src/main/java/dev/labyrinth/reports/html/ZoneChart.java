package dev.labyrinth.reports.html;

import dev.labyrinth.reports.Watermarks;
import dev.labyrinth.reports.reserves.ReserveHit;
import java.util.List;
import java.util.TreeSet;
import java.util.function.LongUnaryOperator;

/**
 * One zone's free pages over time as inline SVG: the free-page line, the min, low and high
 * watermarks and the atomic floor as step lines, kswapd and direct reclaim as bands, and a marker
 * per reserve hit and failure. Every coordinate is an integer, so the bytes are the same on every
 * machine. Markers of the hits the table lists carry {@code id="hit-N"} and link to
 * {@code #row-N}; hits beyond the table's cap get one anonymous marker per pixel column and kind,
 * so even a run with millions of hits draws a bounded number of markers and hides none of the
 * places they happened.
 */
final class ZoneChart {

  static final int LEFT = 72;
  static final int TOP = 22;
  static final int HEIGHT = 200;
  static final int WIDTH = LEFT + ReportPass.COLUMNS + 16;
  static final int SVG_HEIGHT = TOP + HEIGHT + 34;

  private ZoneChart() {}

  /**
   * @param hits every hit of the run, in trace order (indexes are the table's row numbers)
   * @param rowsMax how many hits the table lists
   */
  static String render(ZoneSeries zone, List<ReserveHit> hits, int rowsMax,
      ReclaimActivity reclaim, long endNs) {
    long top = Math.max(1, Math.max(zone.free().overallMax(0), zone.high().overallMax(0)));
    return render(zone, hits, rowsMax, reclaim, endNs, top + top / 20 + 1, "");
  }

  /**
   * The top of the close-up scale, twice the high watermark, or 0 when the full chart already
   * shows the watermarks apart: a zone that starts with thousands of free pages squeezes min, low,
   * high, the floor and every marker into the bottom few pixels of the full chart, where nobody
   * can tell a hit below min from one above the floor.
   */
  static long closeUpTop(ZoneSeries zone) {
    long high = Math.max(1, zone.high().overallMax(0));
    return zone.free().overallMax(0) > 8 * high ? 2 * high : 0;
  }

  /**
   * The same zone on a scale from 0 to {@code scaleTop} (free pages above it are drawn at the
   * top). Its markers carry no id, so the table's links still reach the full chart's.
   */
  static String renderCloseUp(ZoneSeries zone, List<ReserveHit> hits, ReclaimActivity reclaim,
      long endNs, long scaleTop) {
    return render(zone, hits, 0, reclaim, endNs, scaleTop, "-near");
  }

  private static String render(ZoneSeries zone, List<ReserveHit> hits, int rowsMax,
      ReclaimActivity reclaim, long endNs, long scaleTop, String idSuffix) {
    LongUnaryOperator y = value -> TOP + HEIGHT
        - MinMaxColumns.multiplyDivide(Math.max(0, Math.min(value, scaleTop)), HEIGHT, scaleTop);
    String name = Html.text(zone.zone());
    StringBuilder svg = new StringBuilder();
    svg.append("<svg class=\"chart\" id=\"chart-").append(name).append(idSuffix)
        .append("\" width=\"").append(WIDTH).append("\" height=\"").append(SVG_HEIGHT).append("\" viewBox=\"0 0 ")
        .append(WIDTH).append(' ').append(SVG_HEIGHT)
        .append("\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\">\n");
    svg.append("<title>free pages in zone ").append(name).append(" over time</title>\n");
    svg.append("<rect class=\"plot\" x=\"").append(LEFT).append("\" y=\"").append(TOP)
        .append("\" width=\"").append(ReportPass.COLUMNS).append("\" height=\"").append(HEIGHT)
        .append("\"/>\n");
    bands(svg, reclaim.kswapdColumns(), "kswapd", TOP, HEIGHT);
    bands(svg, reclaim.directColumns(), "direct", TOP + HEIGHT - 8, 8);
    axes(svg, scaleTop, endNs, y);
    line(svg, zone.high(), "wm-high", y, LongUnaryOperator.identity());
    line(svg, zone.low(), "wm-low", y, LongUnaryOperator.identity());
    line(svg, zone.min(), "wm-min", y, LongUnaryOperator.identity());
    line(svg, zone.min(), "wm-floor", y, Watermarks::atomicFloorPages);
    line(svg, zone.free(), "free", y, LongUnaryOperator.identity());
    markers(svg, zone, hits, rowsMax, y);
    svg.append("</svg>\n");
    return svg.toString();
  }

  private static void axes(StringBuilder svg, long scaleTop, long endNs, LongUnaryOperator y) {
    int bottom = TOP + HEIGHT;
    for (int i = 0; i <= 4; i++) {
      long value = scaleTop * i / 4;
      long py = y.applyAsLong(value);
      svg.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" y1=\"").append(py)
          .append("\" x2=\"").append(LEFT + ReportPass.COLUMNS).append("\" y2=\"").append(py)
          .append("\"/><text class=\"tick\" x=\"").append(LEFT - 4).append("\" y=\"")
          .append(py + 4).append("\" text-anchor=\"end\">").append(value).append("</text>\n");
    }
    for (int i = 0; i <= 4; i++) {
      int px = LEFT + (ReportPass.COLUMNS - 1) * i / 4;
      long timeNs = endNs / 4 * i + endNs % 4 * i / 4;
      svg.append("<text class=\"tick\" x=\"").append(px).append("\" y=\"").append(bottom + 16)
          .append("\" text-anchor=\"").append(i == 0 ? "start" : i == 4 ? "end" : "middle")
          .append("\">").append(Html.millis(timeNs)).append("</text>\n");
    }
    svg.append("<text class=\"tick\" x=\"").append(LEFT - 4).append("\" y=\"")
        .append(TOP - 10).append("\" text-anchor=\"end\">pages</text>\n");
  }

  private static void bands(StringBuilder svg, boolean[] columns, String css, int y, int height) {
    for (int c = 0; c < columns.length; c++) {
      if (!columns[c]) {
        continue;
      }
      int start = c;
      while (c + 1 < columns.length && columns[c + 1]) {
        c++;
      }
      svg.append("<rect class=\"").append(css).append("\" x=\"").append(LEFT + start)
          .append("\" y=\"").append(y).append("\" width=\"").append(c - start + 1)
          .append("\" height=\"").append(height).append("\"/>\n");
    }
  }

  /** A step polyline through each column's extremes and its last value. */
  private static void line(StringBuilder svg, MinMaxColumns series, String css,
      LongUnaryOperator y, LongUnaryOperator transform) {
    if (series.isEmpty()) {
      return;
    }
    StringBuilder points = new StringBuilder();
    long[] previous = {Long.MIN_VALUE};
    for (int c = 0; c < series.columns(); c++) {
      if (!series.used(c)) {
        continue;
      }
      int x = LEFT + c;
      long[] values = {previous[0], series.first(c), series.second(c), series.lastOf(c)};
      long drawn = Long.MIN_VALUE;
      for (long value : values) {
        if (value == Long.MIN_VALUE || value == drawn) {
          continue;
        }
        long py = y.applyAsLong(transform.applyAsLong(value));
        points.append(points.length() == 0 ? "" : " ").append(x).append(',').append(py);
        drawn = value;
      }
      previous[0] = series.lastOf(c);
    }
    // A line that never changed is one point; extend it so it still draws.
    if (points.indexOf(" ") < 0) {
      long py = y.applyAsLong(transform.applyAsLong(previous[0]));
      points.append(' ').append(LEFT + ReportPass.COLUMNS - 1).append(',').append(py);
    }
    svg.append("<polyline class=\"").append(css).append("\" points=\"").append(points)
        .append("\"/>\n");
  }

  private static void markers(StringBuilder svg, ZoneSeries zone, List<ReserveHit> hits,
      int rowsMax, LongUnaryOperator y) {
    TreeSet<Integer> anonymous = new TreeSet<>();
    for (int i = 0; i < hits.size(); i++) {
      ReserveHit hit = hits.get(i);
      if (!hit.zone().equals(zone.zone()) || hit.freeBeforePages() < 0) {
        continue;
      }
      boolean failed = hit.tier().equals("failed");
      int column = zone.free().column(hit.timeNs());
      int x = LEFT + column;
      long py = y.applyAsLong(hit.freeBeforePages());
      String css = failed ? "mark fail" : "mark hit";
      if (i < rowsMax) {
        svg.append("<a href=\"#row-").append(i).append("\"><circle id=\"hit-").append(i)
            .append("\" class=\"").append(css).append("\" cx=\"").append(x).append("\" cy=\"")
            .append(py).append("\" r=\"").append(failed ? 5 : 4).append("\"><title>")
            .append(Html.text(tooltip(i, hit))).append("</title></circle></a>\n");
      } else if (anonymous.add(column * 2 + (failed ? 1 : 0))) {
        svg.append("<circle class=\"").append(css).append("\" cx=\"").append(x)
            .append("\" cy=\"").append(py).append("\" r=\"3\"/>\n");
      }
    }
  }

  private static String tooltip(int index, ReserveHit hit) {
    return "#" + index + " " + Html.millis(hit.timeNs()) + " " + hit.tier() + ", "
        + hit.caller() + ", order " + hit.order() + ", " + hit.gfpFlags() + ", free "
        + hit.freeBeforePages();
  }
}
