package dev.labyrinth.reports.html;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labyrinth.reports.SyntheticTrace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * Opens reports in a real browser (headless Chromium via Selenium 4): charts and tables render
 * with a non-zero size, table links reach their chart markers, nothing is logged to the console
 * (a CSP violation, a script or a fetch would be), and the hostile scenario name stays text.
 * Screenshots are kept in {@code reports/target/browser/} as test artifacts.
 */
class ReportBrowserTest {

  static final Path ARTIFACTS = Path.of("target", "browser");

  @TempDir
  static Path dir;

  @BeforeAll
  static void browserInstalled() throws Exception {
    HeadlessChromium.requireInstalled();
    Files.createDirectories(ARTIFACTS);
  }

  @Test
  void busyReportRendersChartsTablesAndLinksWithoutConsoleErrors() throws Exception {
    Path trace = BusyTrace.write(dir.resolve("busy.jsonl"), "<script>alert(1)</script>",
        60_000);
    Path report = ARTIFACTS.resolve("busy-report.html");
    Files.write(report, HtmlReport.render(trace, ReportSources.withScenario(
        "scenarios/busy.yaml", "name: busy\nseed: 42\n".getBytes())));
    ChromeDriver browser = HeadlessChromium.start(dir);
    try {
      browser.get(report.toAbsolutePath().toUri().toString());
      assertThat(browser.getTitle()).isEqualTo(
          "Labyrinth report: <script>alert(1)</script> (seed 42)");
      assertThat(browser.findElement(By.tagName("h1")).getText())
          .isEqualTo("<script>alert(1)</script>");
      for (String zone : new String[] {"DMA32", "Normal"}) {
        assertRendered(browser.findElement(By.id("chart-" + zone)));
      }
      assertRendered(browser.findElement(By.cssSelector("#chart-Normal polyline.free")));
      // A flat watermark line has zero height, which Selenium counts as not displayed.
      assertThat(browser.findElement(By.cssSelector("#chart-Normal polyline.wm-min")).getSize()
          .getWidth()).isPositive();
      List<WebElement> markers = browser.findElements(By.cssSelector("circle.mark"));
      assertThat(markers).isNotEmpty();
      assertRendered(markers.get(0));
      assertRendered(browser.findElement(By.cssSelector("table.hits")));
      assertRendered(browser.findElement(By.cssSelector("table.latency")));
      assertRendered(browser.findElement(By.id("histogram-0")));
      assertRendered(browser.findElement(By.cssSelector("table.vmstat")));
      assertThat(browser.findElements(By.cssSelector("table.hits tbody tr")))
          .hasSize(HtmlReport.TABLE_ROWS_MAX);
      Files.write(ARTIFACTS.resolve("busy-report.png"),
          browser.getScreenshotAs(OutputType.BYTES));

      browser.findElement(By.cssSelector("#row-3 a")).click();
      assertThat(browser.getCurrentUrl()).endsWith("#hit-3");
      assertThat(browser.findElement(By.id("hit-3")).getAttribute("class")).contains("mark");
      browser.manage().window().setSize(new Dimension(1100, 700));
      Files.write(ARTIFACTS.resolve("busy-report-hit-3.png"),
          browser.getScreenshotAs(OutputType.BYTES));
      assertNoConsoleErrors(browser);
    } finally {
      browser.quit();
    }
  }

  @Test
  void smallReportRendersToo() throws Exception {
    Path trace = SyntheticTrace.sample("sample").write(dir.resolve("sample.jsonl"));
    Path report = ARTIFACTS.resolve("sample-report.html");
    Files.write(report, HtmlReport.render(trace, ReportSources.traceOnly()));
    ChromeDriver browser = HeadlessChromium.start(dir);
    try {
      browser.get(report.toAbsolutePath().toUri().toString());
      assertRendered(browser.findElement(By.id("chart-Normal")));
      assertRendered(browser.findElement(By.id("verdict")));
      assertThat(browser.findElement(By.id("replay")).getText())
          .isEqualTo("labyrinth run <scenario file> --seed 7");
      assertNoConsoleErrors(browser);
    } finally {
      browser.quit();
    }
  }

  static void assertRendered(WebElement element) {
    assertThat(element.isDisplayed()).isTrue();
    assertThat(element.getSize().getWidth()).isPositive();
    assertThat(element.getSize().getHeight()).isPositive();
  }

  static void assertNoConsoleErrors(ChromeDriver browser) {
    List<LogEntry> entries = browser.manage().logs().get(LogType.BROWSER).getAll();
    assertThat(entries.stream().filter(entry -> entry.getLevel().intValue()
        >= Level.WARNING.intValue()).map(LogEntry::toString).collect(Collectors.toList()))
        .as("browser console").isEmpty();
  }
}
