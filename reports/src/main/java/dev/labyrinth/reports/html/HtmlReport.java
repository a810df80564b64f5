package dev.labyrinth.reports.html;

import com.google.common.collect.ImmutableList;
import dev.labyrinth.reports.Durations;
import dev.labyrinth.reports.TraceFingerprint;
import dev.labyrinth.reports.TraceFormatException;
import dev.labyrinth.reports.TraceHeaderInfo;
import dev.labyrinth.reports.TraceSummary;
import dev.labyrinth.reports.reserves.ReserveAnalysis;
import dev.labyrinth.reports.reserves.ReserveHit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.TreeSet;

/**
 * The HTML report of one run (docs/report.md): a single self-contained file with inline CSS and
 * SVG, no script and no network (a Content-Security-Policy forbids both), the same bytes for the
 * same trace and sources. It reads the trace in streaming passes: the summary (for the run's
 * length and event counts), the report's own pass, the reserve analysis and the fingerprint, so
 * memory stays bounded by the table caps and the chart width, not by the trace.
 */
public final class HtmlReport {

  /** Rows any table lists before it says how many it left out. */
  public static final int TABLE_ROWS_MAX = 500;

  private HtmlReport() {}

  /** The report of {@code trace}, as UTF-8 bytes. */
  public static byte[] render(Path trace, ReportSources sources) throws IOException,
      TraceFormatException {
    return renderText(trace, sources, TABLE_ROWS_MAX).getBytes(StandardCharsets.UTF_8);
  }

  static String renderText(Path trace, ReportSources sources, int rowsMax) throws IOException,
      TraceFormatException {
    TraceSummary summary = TraceSummary.of(trace);
    ReportPass pass = ReportPass.of(trace, summary.lastTimeNs(), rowsMax);
    ReserveAnalysis analysis = ReserveAnalysis.of(trace);
    String fingerprint = TraceFingerprint.of(trace);
    TraceHeaderInfo header = summary.header();
    ImmutableList<ReserveHit> hits = analysis.hits();

    StringBuilder html = new StringBuilder(1 << 16);
    String title = "Labyrinth report: " + header.scenario() + " (seed " + header.seed() + ")";
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
            + "style-src 'unsafe-inline'; img-src data:\"/>\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
        .append("<meta name=\"generator\" content=\"labyrinth report\"/>\n")
        .append("<link rel=\"icon\" href=\"data:,\"/>\n")
        .append("<title>").append(Html.text(title)).append("</title>\n<style>\n")
        .append(ReportStyle.CSS).append("</style>\n</head>\n<body>\n");
    header(html, header, summary, fingerprint, sources);
    long allocations = summary.countsByEvent().getOrDefault("mm_page_alloc", 0L);
    Verdict verdict = Verdict.of(analysis, allocations);
    html.append("<p class=\"verdict ").append(verdict.severity()).append("\" id=\"verdict\">")
        .append(Html.text(verdict.text())).append("</p>\n");
    html.append("<nav><a href=\"#zones\">free pages</a><a href=\"#hits\">reserve hits</a>"
        + "<a href=\"#latency\">IRQ latency</a><a href=\"#reclaim\">reclaim</a>"
        + "<a href=\"#vm\">COW and fork</a><a href=\"#messages\">messages</a>"
        + "<a href=\"#counters\">counters</a><a href=\"#scenario\">scenario</a></nav>\n");

    html.append("<section id=\"zones\">\n<h2>Free pages per zone</h2>\n").append(LEGEND);
    TreeSet<String> charted = new TreeSet<>();
    for (ZoneSeries zone : pass.zones()) {
      charted.add(zone.zone());
      html.append("<h3>zone ").append(Html.text(zone.zone())).append("</h3>\n")
          .append(ZoneChart.render(zone, hits, rowsMax, pass.reclaim(), summary.lastTimeNs()));
      long closeUp = ZoneChart.closeUpTop(zone);
      if (closeUp > 0) {
        html.append("<p class=\"note\">Close-up near the watermarks (0 to ").append(closeUp)
            .append(" pages):</p>\n").append(ZoneChart.renderCloseUp(zone, hits,
                pass.reclaim(), summary.lastTimeNs(), closeUp));
      }
    }
    if (charted.isEmpty()) {
      html.append("<p class=\"none\">The trace describes no zones.</p>\n");
    }
    html.append("</section>\n");

    section(html, "hits", "Reserve hits and failures", HitsTable.render(hits, rowsMax, charted));
    section(html, "latency", "Interrupt handler latency", LatencySection.render(pass.latencies())
        + ZoneLockSection.render(summary.zoneLocks()));
    section(html, "reclaim", "kswapd and direct reclaim",
        ActivitySections.reclaim(pass.reclaim(), rowsMax));
    section(html, "vm", "COW faults and fork cost", ActivitySections.vm(pass.vm()));
    section(html, "messages", "Kernel messages",
        ActivitySections.messages(pass.messages(), rowsMax));
    section(html, "counters", "Counters",
        ActivitySections.counters(pass.vmstat().counters(), summary.countsByEvent()));
    section(html, "scenario", "Scenario", scenario(sources));
    html.append("<footer><p class=\"none\">Generated by <code>labyrinth report</code> from "
        + "trace format version ").append(header.version()).append(". Sections and their "
        + "definitions: docs/report.md.</p></footer>\n</body>\n</html>\n");
    return html.toString();
  }

  private static final String LEGEND = """
      <p class="legend"><span><i class="swatch-free"></i>free pages</span>\
      <span><i class="swatch-high"></i>high</span><span><i class="swatch-low"></i>low</span>\
      <span><i class="swatch-min"></i>min</span>\
      <span><i class="swatch-floor"></i>atomic floor (3/8 of min)</span>\
      <span><i class="dot swatch-hit"></i>reserve hit</span>\
      <span><i class="dot swatch-fail"></i>failure</span>\
      <span><i class="dot swatch-kswapd"></i>kswapd awake</span>\
      <span><i class="dot swatch-direct"></i>direct reclaim</span></p>
      """;

  private static void header(StringBuilder html, TraceHeaderInfo header, TraceSummary summary,
      String fingerprint, ReportSources sources) {
    html.append("<header>\n<h1>").append(Html.text(header.scenario())).append("</h1>\n")
        .append("<table class=\"kv\" id=\"run\"><tbody>\n");
    kv(html, "scenario", Html.text(header.scenario()));
    kv(html, "seed", Long.toString(header.seed()));
    kv(html, "overrides", header.overrides().isEmpty() ? "none"
        : "<code>" + Html.text(String.join(" ", header.overrides())) + "</code>");
    kv(html, "emulated duration", Durations.format(summary.lastTimeNs()));
    kv(html, "records", Html.count(summary.records()));
    kv(html, "fingerprint", "<code>" + Html.text(fingerprint) + "</code>");
    kv(html, "scenario sha256", "<code>" + Html.text(header.scenarioSha256()) + "</code>"
        + scenarioCheck(header, sources));
    html.append("</tbody></table>\n<p>Replay this run:</p>\n<pre id=\"replay\">")
        .append(Html.text(ReplayCommand.of(header, sources.scenarioPathAsGiven())))
        .append("</pre>\n");
    if (!sources.hasScenario()) {
      html.append("<p class=\"none\">The scenario file was not given (<code>labyrinth report "
          + "TRACE --scenario FILE</code> fills it in).</p>\n");
    }
    html.append("</header>\n");
  }

  /** Whether the given scenario file is the one the trace was made from. */
  private static String scenarioCheck(TraceHeaderInfo header, ReportSources sources) {
    if (!sources.hasScenario()) {
      return "";
    }
    String actual = sha256(sources.scenarioBytes());
    return actual.equals(header.scenarioSha256())
        ? " (matches <code>" + Html.text(sources.scenarioPathAsGiven()) + "</code>)"
        : " <strong>(does not match <code>" + Html.text(sources.scenarioPathAsGiven())
            + "</code>, whose sha256 is <code>" + actual + "</code>: the replay command will "
            + "not reproduce this trace)</strong>";
  }

  private static String scenario(ReportSources sources) {
    if (!sources.hasScenario()) {
      return "<p class=\"none\">Not available: pass <code>--scenario FILE</code> to include "
          + "it.</p>\n";
    }
    return "<p><code>" + Html.text(sources.scenarioPathAsGiven()) + "</code></p>\n<pre>"
        + Html.text(new String(sources.scenarioBytes(), StandardCharsets.UTF_8)) + "</pre>\n";
  }

  private static void section(StringBuilder html, String id, String title, String body) {
    html.append("<section id=\"").append(id).append("\">\n<h2>").append(title).append("</h2>\n")
        .append(body).append("</section>\n");
  }

  private static void kv(StringBuilder html, String label, String valueHtml) {
    html.append("<tr><th>").append(label).append("</th><td>").append(valueHtml)
        .append("</td></tr>\n");
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
