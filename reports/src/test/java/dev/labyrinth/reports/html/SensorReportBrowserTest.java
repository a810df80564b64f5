package dev.labyrinth.reports.html;

import static dev.labyrinth.reports.html.ReportBrowserTest.assertNoConsoleErrors;
import static dev.labyrinth.reports.html.ReportBrowserTest.assertRendered;
import static org.assertj.core.api.Assertions.assertThat;

import dev.labyrinth.reports.reserves.ReserveAnalysis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The report of the shipped sensor scenario, not a synthetic trace, in headless Chromium: its
 * golden trace ({@code scenarios/imu-sensor.golden.jsonl.gz}, which the emulator's goldens test
 * proves a run reproduces) is rendered as {@code labyrinth run} would, and the zone chart, its
 * four watermark lines, the reserve-hit markers and the close-up near the watermarks must draw
 * with a non-zero size, the hits table must have one row per hit up to the cap, and the console
 * must stay silent. Screenshots (the page, and each chart alone) are kept in
 * {@code reports/target/browser/}. The emulator's {@code SensorReportTest} checks the same table
 * against {@code labyrinth reserves}.
 */
class SensorReportBrowserTest {

  static final Path ROOT = Path.of(System.getProperty("labyrinth.root", "..")).toAbsolutePath()
      .normalize();

  @TempDir
  static Path dir;

  @BeforeAll
  static void browserInstalled() throws Exception {
    HeadlessChromium.requireInstalled();
    Files.createDirectories(ReportBrowserTest.ARTIFACTS);
  }

  @Test
  void sensorReportShowsWatermarksMarkersAndTheHitsTable() throws Exception {
    Path trace = ROOT.resolve("scenarios/imu-sensor.golden.jsonl.gz");
    Path scenario = ROOT.resolve("scenarios/imu-sensor.yaml");
    Path report = ReportBrowserTest.ARTIFACTS.resolve("imu-sensor-report.html");
    Files.write(report, HtmlReport.render(trace, ReportSources.withScenario(
        "scenarios/imu-sensor.yaml", Files.readAllBytes(scenario))));
    int hits = ReserveAnalysis.of(trace).hits().size();
    assertThat(hits).as("the sensor scenario exists to hit the reserves").isPositive();
    ChromeDriver browser = HeadlessChromium.start(dir);
    try {
      browser.get(report.toAbsolutePath().toUri().toString());
      assertThat(browser.getTitle()).startsWith("Labyrinth report: imu-sensor");
      assertRendered(browser.findElement(By.id("verdict")));
      assertRendered(browser.findElement(By.id("chart-DMA32")));
      assertRendered(browser.findElement(By.cssSelector("#chart-DMA32 polyline.free")));
      for (String line : new String[] {"wm-high", "wm-low", "wm-min", "wm-floor"}) {
        // A flat watermark line has zero height, which Selenium counts as not displayed.
        assertThat(browser.findElement(By.cssSelector("#chart-DMA32 polyline." + line))
            .getSize().getWidth()).as(line).isPositive();
      }
      // Thousands of free pages at the start would squeeze the watermarks into a few pixels.
      assertRendered(browser.findElement(By.id("chart-DMA32-near")));
      assertThat(browser.findElements(By.cssSelector("#chart-DMA32-near circle.mark")))
          .isNotEmpty();
      List<WebElement> rows = browser.findElements(By.cssSelector("table.hits tbody tr"));
      assertThat(rows).hasSize(Math.min(hits, HtmlReport.TABLE_ROWS_MAX));
      assertRendered(browser.findElement(By.cssSelector("table.hits")));
      List<WebElement> linked =
          browser.findElements(By.cssSelector("#chart-DMA32 circle.mark[id]"));
      assertThat(linked).hasSize(browser.findElements(By.cssSelector("table.hits a")).size())
          .isNotEmpty();
      assertRendered(linked.get(0));
      assertRendered(linked.get(linked.size() - 1));
      Files.write(ReportBrowserTest.ARTIFACTS.resolve("imu-sensor-report.png"),
          browser.getScreenshotAs(OutputType.BYTES));
      // The chart with its markers sits below the fold: keep it on its own too.
      for (String chart : new String[] {"chart-DMA32", "chart-DMA32-near"}) {
        WebElement svg = browser.findElement(By.id(chart));
        browser.executeScript("arguments[0].scrollIntoView()", svg);
        Files.write(ReportBrowserTest.ARTIFACTS.resolve("imu-sensor-" + chart + ".png"),
            svg.getScreenshotAs(OutputType.BYTES));
      }
      assertNoConsoleErrors(browser);
    } finally {
      browser.quit();
    }
  }
}
