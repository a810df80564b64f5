package dev.labyrinth.emulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labyrinth.reports.Durations;
import dev.labyrinth.reports.html.HtmlReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7's "done when" on the shipped sensor scenario rather than a synthetic trace: the
 * {@code report.html} that {@code labyrinth run scenarios/imu-sensor.yaml} writes charts the
 * watermarks, marks every hit its table shows, and its table lists exactly the hits that
 * {@code labyrinth reserves --format json} finds in the same trace, in order, up to the cap (with
 * the rest counted). Both read one trace, so a drift between the report's and the command's
 * reserve analysis shows up here. The browser half is {@code SensorReportBrowserTest} in the
 * reports module, which holds Selenium.
 */
class SensorReportTest {

  /** One row of the hits table: its index, class, chart link, then the cells in order. */
  private static final Pattern ROW = Pattern.compile("<tr id=\"row-(?<i>\\d+)\" "
      + "class=\"(?<css>hit|fail)\"><td>\\d+</td><td>(?<link><a href=\"#hit-\\d+\">)?"
      + "(?<time>[^<]*)(?:</a>)?</td><td>(?<cpu>[^<]*)</td><td>(?<ctx>[^<]*)</td>"
      + "<td>(?<who>[^<]*)</td><td>(?<order>\\d+)</td><td>(?<gfp>[^<]*)</td>"
      + "<td>(?<zone>[^<]*)</td><td>(?<tier>[^<]*)</td>");

  @TempDir
  Path dir;

  @Test
  void reportTableAndMarkersMatchLabyrinthReserves() throws Exception {
    CliHarness.Result run = CliHarness.run("run",
        CliHarness.scenario("imu-sensor.yaml").toString(), "--out", dir.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    String html = Files.readString(dir.resolve("report.html"), StandardCharsets.UTF_8);
    CliHarness.Result reserves = CliHarness.run("reserves",
        dir.resolve("trace.jsonl").toString(), "--format", "json");
    assertThat(reserves.exitCode()).as(reserves.err()).isZero();
    JsonNode hits = new ObjectMapper().readTree(reserves.out()).get("hits");
    assertThat(hits.size()).as("the sensor scenario exists to hit the reserves").isPositive();

    assertThat(html).contains("<svg class=\"chart\" id=\"chart-DMA32\"");
    for (String line : new String[] {"wm-high", "wm-low", "wm-min", "wm-floor", "free"}) {
      assertThat(html).contains("<polyline class=\"" + line + "\" points=\"");
    }

    List<String> tableRows = new ArrayList<>();
    int markers = 0;
    Matcher row = ROW.matcher(html);
    while (row.find()) {
      String caller = row.group("ctx").equals("none") ? "no cpu"
          : row.group("who").equals("-") ? row.group("ctx")
          : row.group("ctx") + " " + row.group("who");
      tableRows.add(String.join(" | ", row.group("time"), row.group("tier"), row.group("order"),
          unescape(row.group("gfp")), unescape(caller), row.group("cpu")));
      if (row.group("link") != null) { // a hit in no charted zone has no marker to link to
        markers++;
        assertThat(html).as("marker for row " + row.group("i")).contains(
            "<circle id=\"hit-" + row.group("i") + "\" class=\"mark " + row.group("css"));
      }
    }
    int shown = Math.min(hits.size(), HtmlReport.TABLE_ROWS_MAX);
    List<String> reserveRows = new ArrayList<>();
    for (int i = 0; i < shown; i++) {
      JsonNode hit = hits.get(i);
      reserveRows.add(String.join(" | ", Durations.format(hit.get("timeNs").asLong()),
          hit.get("tier").asText(), hit.get("order").asText(), hit.get("gfpFlags").asText(),
          hit.get("caller").asText(),
          hit.get("cpu").asInt() < 0 ? "-" : hit.get("cpu").asText()));
    }
    assertThat(tableRows).containsExactlyElementsOf(reserveRows);
    assertThat(markers).as("rows linked to a chart marker").isPositive();
    if (hits.size() > shown) {
      assertThat(html.replace("\u2009", ""))
          .contains("<p class=\"capped\">" + (hits.size() - shown) + " more rows");
    }
  }

  private static String unescape(String text) {
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
        .replace("&#39;", "'").replace("&amp;", "&");
  }
}
