package dev.labyrinth.reports.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labyrinth.reports.SyntheticTrace;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FtraceExporterTest {

  @TempDir
  Path dir;

  private byte[] export(String scenario) throws Exception {
    Path trace = SyntheticTrace.sample(scenario).write(dir.resolve("trace.jsonl"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    FtraceExporter.export(trace, out);
    return out.toByteArray();
  }

  private List<String> lines() throws Exception {
    return new String(export("sample"), StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void headerIsTheKernelsNopHeader() throws Exception {
    List<String> lines = lines();
    assertThat(lines.subList(0, 4)).containsExactly("# tracer: nop", "#",
        "# entries-in-buffer/entries-written: 83/83   #P:2", "#");
    assertThat(lines.get(10)).isEqualTo("#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION");
    assertThat(lines.get(11)).isEqualTo("#              | |         |   |||||     |         |");
    assertThat(lines).hasSize(12 + 83);
  }

  @Test
  void linesFollowTheTracefsLayoutAndLinuxFieldFormats() throws Exception {
    List<String> lines = lines();
    assertThat(lines).contains(
        "       swapper/1-0       [001] d.h1.     0.000003: irq_handler_entry: irq=24 name=eth0",
        "       swapper/1-0       [001] ..s1.     0.000003: softirq_entry: vec=3 [action=NET_RX]",
        "          stress-42      [000] .....     0.000004: mm_page_free: page="
            + FtracePointers.page(500) + " pfn=0x1f4 order=0 zone=Normal free_before=90",
        "          <idle>-0       [000] .....     0.000005: run_end: reason=time_limit steps=80");
    assertThat(lines).anyMatch(line -> line.equals(
        "       swapper/1-0       [001] ..s1.     0.000003: mm_page_alloc: page=0000000000000000"
            + " pfn=0x0 order=3 migratetype=0 gfp_flags=GFP_ATOMIC|__GFP_NOWARN zone=Normal"
            + " free_before=90 wmark_min=100 wmark_low=125 wmark_high=150 mark=100"
            + " alloc_flags=ALLOC_WMARK_MIN reserve=failed"));
    assertThat(lines).anyMatch(line -> line.contains("sched_switch: prev_comm=swapper/0 "
        + "prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=stress next_pid=42 next_prio=120"));
    assertThat(lines).anyMatch(line -> line.matches(
        " {10}stress-42 {6}\\[000\\] \\.{5} {5}0\\.000002: mm_page_alloc: page=00000000[0-9a-f]{8}"
            + " pfn=0x1f4 order=0 migratetype=0 gfp_flags=GFP_KERNEL .*"));
  }

  @Test
  void controlCharactersNeverBreakALine() throws Exception {
    assertThat(lines()).anyMatch(line -> line.contains(
        "warn_alloc: message=page allocation failure: order:3, mode:0x820(GFP_ATOMIC), \"x\""));
    assertThat(FtraceFields.value("a\nb\u0001")).isEqualTo("a\\nb\\x01");
  }

  @Test
  void sameTraceSameBytes() throws Exception {
    assertThat(export("sample")).isEqualTo(export("sample"));
  }

  @Test
  void pagePointersAreStableHashedShapes() {
    assertThat(FtracePointers.page(-1)).isEqualTo("0000000000000000");
    assertThat(FtracePointers.page(0x1a2b)).isEqualTo(FtracePointers.page(0x1a2b))
        .matches("00000000[0-9a-f]{8}").isNotEqualTo(FtracePointers.page(0x1a2c));
  }
}
