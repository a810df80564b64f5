package dev.labyrinth.reports.sizing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The reserve-sizing page: the same sizing gives the same bytes (whatever the order the points
 * were tried in), every user-supplied string is escaped, and the curve has one point per setting
 * at the coordinates its failure rate gives.
 */
class SizingReportTest {

  private static final List<SizingPoint> POINTS = List.of(
      new SizingPoint(1024, 100, 0),
      new SizingPoint(128, 100, 100),
      new SizingPoint(576, 100, 25),
      new SizingPoint(800, 100, 0),
      new SizingPoint(352, 100, 60));

  private static SizingReport.Sizing sizing(List<SizingPoint> points, String scenario,
      String knob, List<String> notes) {
    return new SizingReport.Sizing(scenario, knob, "failures=0", "1..100", points, 800L, notes);
  }

  @Test
  void theSameSizingGivesTheSameBytesInAnyOrder() {
    String once = SizingReport.render(sizing(POINTS, "imu-sensor", "vm.min_free_kbytes",
        List.of()));
    String again = SizingReport.render(sizing(POINTS, "imu-sensor", "vm.min_free_kbytes",
        List.of()));
    String reversed = SizingReport.render(sizing(com.google.common.collect.Lists.reverse(POINTS), "imu-sensor",
        "vm.min_free_kbytes", List.of()));
    assertThat(again).isEqualTo(once);
    assertThat(reversed).isEqualTo(once);
    assertThat(once).startsWith("<!DOCTYPE html>").endsWith("</html>\n")
        .doesNotContain("<script").doesNotContain("src=", "href=")
        .contains("Smallest setting that meets the target: vm.min_free_kbytes=800");
  }

  @Test
  void hostileStringsAreEscapedEverywhere() {
    String hostile = "<script>alert(\"x\")</script>&'";
    String html = SizingReport.render(sizing(POINTS, hostile, hostile, List.of(hostile)));
    assertThat(html).doesNotContain("<script>").doesNotContain("alert(\"x\")");
    assertThat(html).contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;");
    // The scenario (title, heading), the knob (text, table, SVG label, point titles, axis) and
    // the note all went through the escaper.
    int count = html.split(Pattern.quote("&lt;script&gt;"), -1).length - 1;
    assertThat(count).isGreaterThanOrEqualTo(2 + 1 + 1 + 1 + 1 + POINTS.size() + 1);
  }

  @Test
  void theCurveHasOnePointPerSettingAtItsFailureRate() {
    String html = SizingReport.render(sizing(POINTS, "imu-sensor", "vm.min_free_kbytes",
        List.of()));
    Matcher circle = Pattern.compile("<circle cx=\"(\\d+)\" cy=\"(\\d+)\" r=\"3\" fill=\"(#[0-9a-f]+)\">"
        + "<title>vm.min_free_kbytes=(\\d+): ([0-9.]+%)</title>").matcher(html);
    StringBuilder seen = new StringBuilder();
    while (circle.find()) {
      seen.append(circle.group(4)).append('@').append(circle.group(1)).append(',')
          .append(circle.group(2)).append(' ').append(circle.group(5)).append(' ')
          .append(circle.group(3)).append('\n');
    }
    // Plot: x from 48 to 592 over settings 128..1024, y from 272 (0%) up to 48 (100%).
    assertThat(seen.toString()).isEqualTo(
        "128@48,48 100.00% #a11\n"
            + "352@184,138 60.00% #a11\n"
            + "576@320,216 25.00% #a11\n"
            + "800@456,272 0.00% #176b1d\n"
            + "1024@592,272 0.00% #176b1d\n");
    assertThat(html).contains("<path d=\"M48 48 L184 138 L320 216 L456 272 L592 272\"");
    assertThat(html).contains("<tr class=\"bad\"><td>352</td><td>100</td><td>60</td>"
        + "<td>60.00%</td></tr>");
  }

  @Test
  void noAnswerAndNoPointsStillRender() {
    String html = SizingReport.render(new SizingReport.Sizing("s", "k", "t", "1..2", List.of(),
        null, List.of()));
    assertThat(html).contains("No setting tried met the target.").doesNotContain("<circle");
  }
}
