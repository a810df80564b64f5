package dev.labyrinth.reports.html;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labyrinth.reports.SyntheticTrace;
import dev.labyrinth.reports.reserves.ReserveAnalysis;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The report's structure, escaping, links between table and chart, caps and determinism. */
class HtmlReportTest {

  private static final String HOSTILE = "<script>alert(1)</script>";

  @TempDir
  Path dir;

  private String render(Path trace, ReportSources sources) throws Exception {
    return new String(HtmlReport.render(trace, sources), StandardCharsets.UTF_8);
  }

  @Test
  void hostileScenarioNameAndTextShowAsText() throws Exception {
    Path trace = SyntheticTrace.sample(HOSTILE).write(dir.resolve("trace.jsonl"));
    String html = render(trace, ReportSources.withScenario("odd <dir>/s'cen\"ario.yaml",
        ("name: \"" + HOSTILE + "\"\n# & <b>bold</b>\n").getBytes(StandardCharsets.UTF_8)));
    assertThat(html).doesNotContain("<script").doesNotContain("<b>bold")
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .contains("# &amp; &lt;b&gt;bold&lt;/b&gt;")
        .contains("labyrinth run &#39;odd &lt;dir&gt;/s&#39;\\&#39;&#39;cen&quot;ario.yaml&#39;"
            + " --seed 7");
    parse(html);
  }

  @Test
  void zoneLockSpinsAreListedPerZoneAndContextUnderTheLatencies() throws Exception {
    Path trace = new SyntheticTrace("spin")
        .event(0, "machine", "cpus", 2, "memory_bytes", 0)
        .event(200, "zone_lock_spin", "cpu", 1, "ctx", "hardirq", "comm", "swapper/1", "pid", 0,
            "zone", "DMA32", "holder_cpu", 0, "wait_ns", 1500, "hold_ns", 600)
        .event(900, "zone_lock_spin", "cpu", 1, "ctx", "hardirq", "comm", "swapper/1", "pid", 0,
            "zone", "DMA32", "holder_cpu", 0, "wait_ns", 500, "hold_ns", 600)
        .event(3000, "run_end", "reason", "time_limit", "steps", 3)
        .write(dir.resolve("spin.jsonl"));
    String html = render(trace, ReportSources.traceOnly());
    assertThat(html).contains("<tr><td>DMA32</td><td>hardirq</td><td>2</td><td>2.000 us</td>"
        + "<td>1.500 us</td></tr>");
    String none = render(SyntheticTrace.sample("s").write(dir.resolve("t.jsonl")),
        ReportSources.traceOnly());
    assertThat(none).contains("No CPU spun on a zone lock in this trace.");
  }

  @Test
  void selfContainedWithNothingToFetch() throws Exception {
    String html = render(SyntheticTrace.sample("s").write(dir.resolve("t.jsonl")),
        ReportSources.traceOnly());
    assertThat(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", ""))
        .doesNotContain("http:").doesNotContain("https:").doesNotContain(" src=")
        .doesNotContain("url(").doesNotContain("@import").doesNotContain("<script");
    assertThat(html).contains("default-src 'none'")
        .contains("labyrinth run &lt;scenario file&gt; --seed 7")
        .contains("Not available: pass <code>--scenario FILE</code>");
  }

  @Test
  void chartHasTheFreeLineAndWatermarksPerZoneAndMarkersLinkToRows() throws Exception {
    Path trace = BusyTrace.write(dir.resolve("busy.jsonl"), "busy", 60_000);
    String html = render(trace, ReportSources.traceOnly());
    Document doc = parse(html);
    for (String zone : new String[] {"DMA32", "Normal"}) {
      Element svg = doc.getElementById("chart-" + zone);
      assertThat(svg).as(zone).isNotNull();
      TreeSet<String> lines = new TreeSet<>();
      NodeList polylines = svg.getElementsByTagName("polyline");
      for (int i = 0; i < polylines.getLength(); i++) {
        Element line = (Element) polylines.item(i);
        lines.add(line.getAttribute("class"));
        String[] points = line.getAttribute("points").split(" ");
        assertThat(points.length).isGreaterThan(1);
        assertThat(points).allMatch(point -> point.matches("\\d+,\\d+"));
      }
      assertThat(lines).containsExactly("free", "wm-floor", "wm-high", "wm-low", "wm-min");
    }
    ReserveAnalysis analysis = ReserveAnalysis.of(trace);
    assertThat(analysis.hits()).hasSizeGreaterThan(HtmlReport.TABLE_ROWS_MAX);
    assertThat(analysis.failures()).isPositive();
    TreeSet<String> rowLinks = matches(html, "href=\"#hit-(\\d+)\"");
    TreeSet<String> markerIds = matches(html, "<circle id=\"hit-(\\d+)\"");
    TreeSet<String> markerLinks = matches(html, "href=\"#row-(\\d+)\"");
    TreeSet<String> rowIds = matches(html, "<tr id=\"row-(\\d+)\"");
    assertThat(rowIds).hasSize(HtmlReport.TABLE_ROWS_MAX);
    assertThat(rowLinks).isEqualTo(markerIds).isEqualTo(markerLinks).isEqualTo(rowIds);
    assertThat(html).contains(Html.count(analysis.hits().size() - HtmlReport.TABLE_ROWS_MAX)
        + " more rows left out").contains("class=\"mark fail\"")
        .contains("<rect class=\"kswapd\"").contains("<rect class=\"direct\"")
        .contains("irq 2 (imu)").contains("softirq NET_RX").contains("id=\"histogram-0\"")
        .contains("write copy").contains("pages copied eagerly")
        .contains("page allocation failure").contains("<td>pgalloc_normal</td>");
  }

  @Test
  void theVerdictSumsUpTheReserveAnalysis() throws Exception {
    Path trace = SyntheticTrace.sample("s").write(dir.resolve("t.jsonl"));
    ReserveAnalysis analysis = ReserveAnalysis.of(trace);
    Verdict verdict = Verdict.of(analysis, 71);
    assertThat(verdict.text()).isEqualTo("10 ATOMIC allocations went below min; 1 failed; "
        + "lowest headroom 52 pages at 0.003 ms (zone Normal).");
    assertThat(verdict.severity()).isEqualTo("bad");
    assertThat(render(trace, ReportSources.traceOnly())).contains(verdict.text());
  }

  @Test
  void tableListsTheSameHitsAsTheAnalysis() throws Exception {
    Path trace = SyntheticTrace.sample("s").write(dir.resolve("t.jsonl"));
    String html = render(trace, ReportSources.traceOnly());
    assertThat(matches(html, "<tr id=\"row-(\\d+)\"")).hasSize(
        ReserveAnalysis.of(trace).hits().size());
    assertThat(html).contains("<td>hardirq</td><td>irq 24 (eth0)</td>")
        .contains("<td>softirq</td><td>NET_RX</td>");
  }

  @Test
  void tablesAreCappedWithACountOfWhatWasLeftOut() throws Exception {
    Path trace = SyntheticTrace.sample("s").write(dir.resolve("t.jsonl"));
    String html = HtmlReport.renderText(trace, ReportSources.traceOnly(), 4);
    assertThat(matches(html, "<tr id=\"row-(\\d+)\"")).hasSize(4);
    assertThat(html).contains("7 more rows left out");
  }

  @Test
  void sameTraceGivesTheSameBytesInAnyLocale() throws Exception {
    Path trace = BusyTrace.write(dir.resolve("busy.jsonl"), "busy", 20_000);
    byte[] first = HtmlReport.render(trace, ReportSources.traceOnly());
    Locale saved = Locale.getDefault();
    try {
      Locale.setDefault(Locale.GERMANY);
      assertThat(HtmlReport.render(trace, ReportSources.traceOnly())).isEqualTo(first);
      Locale.setDefault(Locale.forLanguageTag("ar-EG"));
      assertThat(HtmlReport.render(trace, ReportSources.traceOnly())).isEqualTo(first);
    } finally {
      Locale.setDefault(saved);
    }
  }

  @Test
  void aTraceWithoutAllocationsSaysSo() throws Exception {
    Path trace = new SyntheticTrace("quiet")
        .event(0, "zone_init", "zone", "DMA32", "free", 5000, "min", 30, "low", 37, "high", 44)
        .event(10, "irq_handler_entry", "cpu", 1, "irq", 2, "name", "imu")
        .event(10, "irq_handler_exit", "cpu", 1, "irq", 2, "ret", "handled")
        .event(20, "something_new", "cpu", 0, "x", 1)
        .write(dir.resolve("q.jsonl"));
    String html = render(trace, ReportSources.traceOnly());
    parse(html);
    assertThat(html).contains("No page allocations in this trace")
        .contains("No COW activity in this run")
        .contains("No kswapd or direct-reclaim activity in this run")
        .contains("<td>something_new</td><td>1</td>").contains("<polyline class=\"free\"");
  }

  /** Parses the report as XML: it is written to be well-formed, which catches broken markup. */
  static Document parse(String html) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    factory.setExpandEntityReferences(false);
    Document doc = factory.newDocumentBuilder().parse(
        new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
    NodeList all = doc.getElementsByTagName("*");
    for (int i = 0; i < all.getLength(); i++) {
      Element element = (Element) all.item(i);
      if (element.hasAttribute("id")) {
        element.setIdAttribute("id", true);
      }
    }
    return doc;
  }

  private static TreeSet<String> matches(String html, String regex) {
    TreeSet<String> found = new TreeSet<>();
    Matcher matcher = Pattern.compile(regex).matcher(html);
    while (matcher.find()) {
      found.add(matcher.group(1));
    }
    return found;
  }
}
