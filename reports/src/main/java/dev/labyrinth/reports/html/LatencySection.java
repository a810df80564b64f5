package dev.labyrinth.reports.html;

import dev.labyrinth.reports.Durations;

/**
 * Per-IRQ and per-softirq latency: a table of p50, p99 and max with how each was measured, and a
 * power-of-two histogram per handler as a small inline SVG bar chart (integer coordinates).
 */
final class LatencySection {

  private static final int BAR_WIDTH = 14;
  private static final int BARS_HEIGHT = 60;

  private LatencySection() {}

  static String render(HandlerLatencies latencies) {
    StringBuilder html = new StringBuilder();
    StringBuilder charts = new StringBuilder();
    html.append("<table class=\"latency\">\n<thead><tr><th>handler</th><th>runs</th>"
        + "<th>p50</th><th>p99</th><th>max</th><th>measured as</th></tr></thead>\n<tbody>\n");
    int index = 0;
    for (LatencyStats stats : latencies.all()) {
      html.append("<tr><td>").append(Html.text(stats.label())).append("</td><td>")
          .append(Html.count(stats.count()));
      if (stats.unmatchedCount() > 0) {
        html.append(" (+").append(stats.unmatchedCount()).append(" unfinished)");
      }
      html.append("</td><td>").append(Durations.format(stats.percentile(50)))
          .append("</td><td>").append(Durations.format(stats.percentile(99)))
          .append("</td><td>").append(Durations.format(stats.max()))
          .append("</td><td>").append(Html.text(stats.source())).append("</td></tr>\n");
      charts.append(histogram(stats, index++));
    }
    if (index == 0) {
      return "<p class=\"none\">No interrupt handlers or softirqs ran in this trace.</p>\n";
    }
    html.append("</tbody>\n</table>\n<div class=\"histograms\">\n").append(charts)
        .append("</div>\n");
    return html.toString();
  }

  /** Bars for the buckets from the lowest to the highest non-empty one. */
  private static String histogram(LatencyStats stats, int index) {
    long[] buckets = stats.histogram();
    int first = -1;
    int last = -1;
    long peak = 1;
    for (int b = 0; b < buckets.length; b++) {
      if (buckets[b] > 0) {
        first = first < 0 ? b : first;
        last = b;
        peak = Math.max(peak, buckets[b]);
      }
    }
    if (first < 0) {
      return "";
    }
    int bars = last - first + 1;
    int width = Math.max(160, bars * BAR_WIDTH + 8);
    int height = BARS_HEIGHT + 40;
    StringBuilder svg = new StringBuilder();
    svg.append("<figure><svg class=\"histogram\" id=\"histogram-").append(index)
        .append("\" width=\"").append(width).append("\" height=\"").append(height)
        .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
        .append("\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\"><title>")
        .append(Html.text(stats.label())).append(" latency histogram</title>\n");
    for (int b = first; b <= last; b++) {
      long barHeight = buckets[b] == 0 ? 0
          : Math.max(1, MinMaxColumns.multiplyDivide(buckets[b], BARS_HEIGHT, peak));
      int x = 4 + (b - first) * BAR_WIDTH;
      svg.append("<rect class=\"bar\" x=\"").append(x).append("\" y=\"")
          .append(10 + BARS_HEIGHT - barHeight).append("\" width=\"").append(BAR_WIDTH - 2)
          .append("\" height=\"").append(barHeight).append("\"><title>")
          .append(bucketLabel(b)).append(": ").append(buckets[b]).append("</title></rect>\n");
    }
    svg.append("<text class=\"tick\" x=\"4\" y=\"").append(BARS_HEIGHT + 24).append("\">")
        .append(bucketLabel(first)).append("</text><text class=\"tick\" x=\"").append(width - 4)
        .append("\" y=\"").append(BARS_HEIGHT + 36).append("\" text-anchor=\"end\">")
        .append(bucketLabel(last)).append("</text>\n</svg><figcaption>")
        .append(Html.text(stats.label())).append("</figcaption></figure>\n");
    return svg.toString();
  }

  /** {@code 0 ns} for bucket 0, else {@code <2^k ns} in readable units. */
  static String bucketLabel(int bucket) {
    if (bucket == 0) {
      return "0 ns";
    }
    return "&lt;" + Durations.format(1L << Math.min(62, bucket));
  }
}
