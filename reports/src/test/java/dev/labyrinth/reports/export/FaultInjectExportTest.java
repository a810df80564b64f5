package dev.labyrinth.reports.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labyrinth.reports.SyntheticTrace;
import dev.labyrinth.reports.html.HtmlReport;
import dev.labyrinth.reports.html.ReportSources;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fault_inject} records (docs/trace-format.md), with and without a context prefix, pass
 * through every reader: ftrace text prints their fields, the Chrome trace files them under
 * {@code fault}, and the HTML report renders around them.
 */
class FaultInjectExportTest {

  @TempDir
  Path dir;

  private Path trace() throws Exception {
    SyntheticTrace trace = new SyntheticTrace("faults");
    trace.event(0, "machine", "cpus", 2, "memory_bytes", 0);
    trace.event(0, "zone_init", "zone", "Normal", "spanned", 1024, "present", 1024, "managed",
        1000, "free", 160, "min", 100, "low", 125, "high", 150, "promo", 175, "protection",
        "(0, 0)");
    trace.event(1000, "fault_inject", "site", "irq_storm", "device", "eth0", "irq", 2,
        "every_ns", 20000, "until_ns", 6000);
    trace.event(2000, "fault_inject", "cpu", 1, "ctx", "task", "comm", "hog", "pid", 1001,
        "site", "kswapd_delay", "delay_ns", 10000);
    trace.event(3000, "fault_inject", "site", "reclaim_no_progress", "reclaimer", "kswapd");
    trace.event(5000, "run_end", "reason", "time_limit", "steps", 3);
    return trace.write(dir.resolve("trace.jsonl"));
  }

  @Test
  void ftracePrintsTheirFields() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    FtraceExporter.export(trace(), out);
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(text).contains("fault_inject: site=irq_storm device=eth0 irq=2 every_ns=20000 "
        + "until_ns=6000");
    assertThat(text).containsPattern("hog-1001 +\\[001\\] .*fault_inject: site=kswapd_delay "
        + "delay_ns=10000");
  }

  @Test
  void chromeFilesThemUnderFault() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ChromeTraceExporter.export(trace(), out);
    String json = out.toString(StandardCharsets.UTF_8);
    assertThat(json).contains("\"name\":\"fault_inject\"").contains("\"cat\":\"fault\"");
  }

  @Test
  void theHtmlReportRendersAroundThem() throws Exception {
    String html = new String(HtmlReport.render(trace(), ReportSources.traceOnly()),
        StandardCharsets.UTF_8);
    assertThat(html).startsWith("<!DOCTYPE html>").contains("faults");
  }
}
