package dev.labyrinth.reports.html;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A run with a million events still gives a report under 5 MB: charts are downsampled to pixel
 * columns and tables are capped. When a browser is installed, the report is also opened and the
 * time to load it is printed (measured, never asserted: the machines are shared and noisy).
 */
class LargeReportTest {

  private static final long SIZE_MAX_BYTES = 5L * 1024 * 1024;

  @TempDir
  static Path dir;

  @Test
  void aMillionEventReportStaysSmallAndOpens() throws Exception {
    Path trace = BusyTrace.write(dir.resolve("million.jsonl"), "million", 1_000_000);
    long startNs = System.nanoTime();
    byte[] html = HtmlReport.render(trace, ReportSources.traceOnly());
    long renderMs = (System.nanoTime() - startNs) / 1_000_000;
    Files.createDirectories(ReportBrowserTest.ARTIFACTS);
    Path report = Files.write(ReportBrowserTest.ARTIFACTS.resolve("million-report.html"), html);
    System.out.printf(java.util.Locale.ROOT,
        "million-event report: trace %d bytes, report %d bytes, rendered in %d ms%n",
        Files.size(trace), html.length, renderMs);
    assertThat((long) html.length).isLessThan(SIZE_MAX_BYTES);
    assertThat(new String(html, java.nio.charset.StandardCharsets.UTF_8))
        .contains("more rows left out");
    if (Files.isExecutable(HeadlessChromium.BROWSER)
        && Files.isExecutable(HeadlessChromium.DRIVER)) {
      ChromeDriver browser = HeadlessChromium.start(dir);
      try {
        long openNs = System.nanoTime();
        browser.get(report.toAbsolutePath().toUri().toString());
        long wallMs = (System.nanoTime() - openNs) / 1_000_000;
        Object loadMs = browser.executeScript("const t = performance.getEntriesByType("
            + "'navigation')[0]; return Math.round(t.loadEventEnd - t.startTime);");
        System.out.printf(java.util.Locale.ROOT,
            "million-event report opened in Chromium: load event after %s ms, %d ms wall%n",
            loadMs, wallMs);
        ReportBrowserTest.assertRendered(browser.findElement(By.id("chart-Normal")));
        ReportBrowserTest.assertNoConsoleErrors(browser);
      } finally {
        browser.quit();
      }
    }
  }
}
