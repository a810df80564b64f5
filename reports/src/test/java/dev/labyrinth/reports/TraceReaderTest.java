package dev.labyrinth.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceReaderTest {

  private static final String HEADER = "{\"format\":\"labyrinth-trace\",\"version\":1,"
      + "\"scenario\":\"imu\",\"scenario_sha256\":\"" + "0".repeat(64) + "\",\"seed\":42,"
      + "\"overrides\":[\"seed=1\"]}\n";

  @TempDir
  Path dir;

  private Path write(String text) throws IOException {
    Path file = dir.resolve("trace.jsonl");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void readsHeaderAndRecordsInOrder() throws Exception {
    Path file = write(HEADER
        + "{\"t\":5,\"ev\":\"irq_handler_entry\",\"cpu\":1,\"name\":\"tick\"}\n"
        + "{\"t\":9,\"ev\":\"run_end\",\"reason\":\"time_limit\",\"steps\":3}\n");
    try (TraceReader reader = TraceReader.open(file)) {
      assertThat(reader.header()).isEqualTo(new TraceHeaderInfo(1, "imu", "0".repeat(64), 42,
          com.google.common.collect.ImmutableList.of("seed=1")));
      TraceEvent first = reader.next();
      assertThat(first.timeNs()).isEqualTo(5);
      assertThat(first.name()).isEqualTo("irq_handler_entry");
      assertThat(first.fields().keySet()).containsExactly("cpu", "name");
      assertThat(first.longField("cpu", -1)).isEqualTo(1);
      assertThat(first.stringField("name", "")).isEqualTo("tick");
      assertThat(reader.next().name()).isEqualTo("run_end");
      assertThat(reader.next()).isNull();
    }
  }

  @Test
  void summarySortsCountsByEventName() throws Exception {
    Path file = write(HEADER + "{\"t\":1,\"ev\":\"b\"}\n{\"t\":2,\"ev\":\"a\"}\n"
        + "{\"t\":3000000,\"ev\":\"b\"}\n");
    TraceSummary summary = TraceSummary.of(file);
    assertThat(summary.records()).isEqualTo(3);
    assertThat(summary.lastTimeNs()).isEqualTo(3_000_000);
    assertThat(summary.countsByEvent()).containsExactly(
        org.assertj.core.api.Assertions.entry("a", 1L),
        org.assertj.core.api.Assertions.entry("b", 2L));
    assertThat(summary.describe()).isEqualTo("scenario: imu (seed 42)\nemulated: 3.000000 ms\n"
        + "records: 3\n  a: 1\n  b: 2\n");
  }

  @Test
  void summaryGivesPerIrqLatencyPercentilesAndReserveTiers() throws Exception {
    StringBuilder trace = new StringBuilder(HEADER);
    for (int i = 1; i <= 100; i++) {
      long t = i * 1000L;
      trace.append("{\"t\":").append(t).append(",\"ev\":\"irq_handler_entry\",\"cpu\":0,"
          + "\"irq\":1,\"name\":\"imu\",\"latency_ns\":").append(i).append("}\n");
      trace.append("{\"t\":").append(t + 10).append(",\"ev\":\"irq_handler_exit\",\"cpu\":0,"
          + "\"irq\":1,\"ret\":\"handled\"}\n");
    }
    trace.append("{\"t\":200000,\"ev\":\"mm_page_alloc\",\"reserve\":\"failed\"}\n");
    trace.append("{\"t\":200001,\"ev\":\"might_sleep\"}\n");
    trace.append("{\"t\":200002,\"ev\":\"warn_alloc\",\"callbacks_suppressed\":0}\n");
    trace.append("{\"t\":200003,\"ev\":\"warn_alloc\",\"callbacks_suppressed\":41}\n");
    trace.append("{\"t\":200004,\"ev\":\"oom_kill\",\"victim_pid\":1001,"
        + "\"victim_comm\":\"hog\",\"victim_rss_pages\":2048}\n");
    trace.append("{\"t\":200005,\"ev\":\"zone_lock_spin\",\"cpu\":1,\"ctx\":\"hardirq\","
        + "\"zone\":\"DMA32\",\"holder_cpu\":0,\"wait_ns\":400,\"hold_ns\":600}\n");
    trace.append("{\"t\":200006,\"ev\":\"zone_lock_spin\",\"cpu\":0,\"ctx\":\"task\","
        + "\"zone\":\"DMA32\",\"holder_cpu\":1,\"wait_ns\":1500,\"hold_ns\":600}\n");
    trace.append("{\"t\":200007,\"ev\":\"zone_lock_spin\",\"cpu\":1,\"ctx\":\"hardirq\","
        + "\"zone\":\"DMA32\",\"holder_cpu\":0,\"wait_ns\":100,\"hold_ns\":600}\n");
    String text = TraceSummary.of(write(trace.toString())).describe();
    assertThat(text).contains("irq 1 imu: 100 interrupts; latency p50 50 ns p99 99 ns max 100 ns;"
        + " handler p50 10 ns p99 10 ns max 10 ns");
    assertThat(text).contains("allocations: 1, failed: 1").contains("reserve failed: 1")
        .contains("might_sleep (sleeping function called from invalid context): 1")
        .contains("warn_alloc (page allocation failure): 2 printed, 41 suppressed by the rate limit")
        .contains("oom_kill: 1 (hog-1001 (2048 pages))")
        .contains("zone_lock_spin: 3 spins, 2.000 us spinning, longest 1.500 us\n"
            + "  zone DMA32 hardirq: 2 spins, 500 ns, longest 400 ns\n"
            + "  zone DMA32 task: 1 spin, 1.500 us, longest 1.500 us\n");
  }

  @Test
  void rejectsAFileThatIsNotATrace() throws Exception {
    Path file = write("{\"format\":\"something-else\",\"version\":1}\n");
    assertThatThrownBy(() -> TraceReader.open(file)).isInstanceOf(TraceFormatException.class)
        .hasMessageContaining(":1: not a Labyrinth trace");
  }

  @Test
  void namesTheLineOfAMalformedRecord() throws Exception {
    Path file = write(HEADER + "{\"t\":1,\"ev\":\"a\"}\n{\"t\":1.5,\"ev\":\"b\"}\n");
    try (TraceReader reader = TraceReader.open(file)) {
      reader.next();
      assertThatThrownBy(reader::next).isInstanceOf(TraceFormatException.class)
          .hasMessageContaining(":3: ");
    }
  }

  @Test
  void durationsUseIntegerArithmetic() {
    assertThat(Durations.format(999)).isEqualTo("999 ns");
    assertThat(Durations.format(1_500)).isEqualTo("1.500 us");
    assertThat(Durations.format(200_000_000)).isEqualTo("200.000000 ms");
    assertThat(Durations.format(1_000_000_001)).isEqualTo("1.000000001 s");
  }
}
