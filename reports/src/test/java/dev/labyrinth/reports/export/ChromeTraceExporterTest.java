package dev.labyrinth.reports.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labyrinth.reports.SyntheticTrace;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks the Trace Event Format's rules on an export, since no viewer runs here. */
class ChromeTraceExporterTest {

  private static final String HOSTILE = "evil \"name\" \\ \u2028 ünïcødé,\n<script>\u0001";

  @TempDir
  Path dir;

  private byte[] export(String scenario) throws Exception {
    Path trace = SyntheticTrace.sample(scenario).write(dir.resolve("trace.jsonl"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ChromeTraceExporter.export(trace, out);
    return out.toByteArray();
  }

  @Test
  void followsTheTraceEventFormatRules() throws Exception {
    byte[] bytes = export("sample");
    JsonNode root = new ObjectMapper().readTree(bytes);
    assertThat(root.get("displayTimeUnit").asText()).isEqualTo("ns");
    assertThat(root.get("otherData").get("seed").asLong()).isEqualTo(7);
    assertThat(root.get("otherData").get("fingerprint").asText()).startsWith("sha256:");
    Map<Long, List<long[]>> slices = new TreeMap<>();
    List<String> instants = new ArrayList<>();
    for (JsonNode event : root.get("traceEvents")) {
      String ph = event.get("ph").asText();
      for (String key : List.of("name", "ph", "ts", "pid", "tid")) {
        assertThat(event.has(key)).as("%s needs %s: %s", ph, key, event).isTrue();
      }
      assertThat(event.get("ts").isNumber()).isTrue();
      long tid = event.get("tid").asLong();
      long tsNs = nanos(event.get("ts"));
      assertThat(tsNs).as("ts of %s", event).isNotNegative();
      switch (ph) {
        case "M" -> assertThat(event.get("args").has("name")
            || event.get("args").has("sort_index")).isTrue();
        case "X" -> {
          assertThat(event.get("dur").isNumber()).as("X needs a numeric dur: %s", event).isTrue();
          long durNs = nanos(event.get("dur"));
          assertThat(durNs).isNotNegative();
          slices.computeIfAbsent(tid, t -> new ArrayList<>()).add(new long[] {tsNs, durNs});
        }
        case "C" -> {
          assertThat(event.get("args").size()).isPositive();
          event.get("args").forEach(value -> assertThat(value.isNumber()).isTrue());
        }
        case "i" -> {
          assertThat(event.get("s").asText()).isIn("t", "g", "p");
          instants.add(event.get("name").asText());
        }
        default -> throw new AssertionError("unexpected phase " + ph
            + " (B/E pairs break DevTools when CPUs overlap; see CpuSliceStack)");
      }
    }
    assertThat(slices).isNotEmpty();
    slices.forEach((tid, list) -> assertStrictlyNested(tid, list));
    assertThat(instants).contains("reserve hit: atomic_reserve", "allocation failure",
        "warn_alloc", "mm_vmscan_kswapd_wake", "zone_init");
  }

  /** Exact nanoseconds of a microsecond decimal such as {@code 3.229}. */
  private static long nanos(JsonNode micros) {
    return micros.decimalValue().movePointRight(3).longValueExact();
  }

  /**
   * Slices on one thread must form a tree: sorted by begin (longer first on ties), each slice
   * lies inside every slice still open when it begins.
   */
  private static void assertStrictlyNested(long tid, List<long[]> list) {
    List<long[]> sorted = new ArrayList<>(list);
    sorted.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0])
        : Long.compare(b[0] + b[1], a[0] + a[1]));
    Deque<long[]> open = new ArrayDeque<>();
    for (long[] slice : sorted) {
      while (!open.isEmpty() && open.peek()[0] + open.peek()[1] <= slice[0]) {
        open.pop();
      }
      if (!open.isEmpty()) {
        long[] parent = open.peek();
        assertThat(slice[0] + slice[1]).as("slice at %d ns on tid %d ends inside its parent",
            slice[0], tid).isLessThanOrEqualTo(parent[0] + parent[1]);
      }
      open.push(slice);
    }
  }

  @Test
  void slicesNestAndCountersTrackTheZone() throws Exception {
    String text = new String(export("sample"), StandardCharsets.UTF_8);
    assertThat(text).contains("{\"name\":\"softirq NET_RX\",\"cat\":\"irq\",\"ph\":\"X\","
        + "\"ts\":3.000,\"pid\":1,\"tid\":1001,\"dur\":");
    assertThat(text).contains("{\"name\":\"irq 24: eth0\",\"cat\":\"irq\",\"ph\":\"X\","
        + "\"ts\":");
    assertThat(text).contains("{\"name\":\"stress-42\",\"cat\":\"sched\",\"ph\":\"X\","
        + "\"ts\":1.000,\"pid\":1,\"tid\":1000,\"dur\":");
    assertThat(text).contains("{\"name\":\"zone Normal atomic_floor\",\"cat\":\"mm.counter\","
        + "\"ph\":\"C\",\"ts\":0.000,\"pid\":1,\"tid\":1,\"args\":{\"pages\":38}}");
    assertThat(text).contains("\"name\":\"zone Normal free\",\"cat\":\"mm.counter\",\"ph\":\"C\","
        + "\"ts\":3.229,\"pid\":1,\"tid\":1,\"args\":{\"pages\":90}}");
    assertThat(text).contains("\"name\":\"thread_name\",\"cat\":\"__metadata\",\"ph\":\"M\","
        + "\"ts\":0.000,\"pid\":1,\"tid\":1001,\"args\":{\"name\":\"cpu1\"}}");
  }

  @Test
  void aSliceBeginningWithItsParentIsWrittenAfterIt() throws Exception {
    Path trace = new SyntheticTrace("ties")
        .event(0, "machine", "cpus", 2)
        .event(1000, "sched_switch", "cpu", 0, "prev_comm", "swapper/0", "prev_pid", 0,
            "next_comm", "app", "next_pid", 5)
        .event(1000, "irq_handler_entry", "cpu", 0, "irq", 3, "name", "imu")
        .event(1500, "sched_switch", "cpu", 1, "prev_comm", "swapper/1", "prev_pid", 0,
            "next_comm", "hog", "next_pid", 6)
        .event(2000, "irq_handler_exit", "cpu", 0, "irq", 3, "ret", "handled")
        .event(3000, "sched_switch", "cpu", 0, "prev_comm", "app", "prev_pid", 5,
            "next_comm", "swapper/0", "next_pid", 0)
        .event(4000, "run_end")
        .write(dir.resolve("ties.jsonl"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ChromeTraceExporter.export(trace, out);
    String text = out.toString(StandardCharsets.UTF_8);
    int parent = text.indexOf("{\"name\":\"app-5\",\"cat\":\"sched\",\"ph\":\"X\","
        + "\"ts\":1.000,\"pid\":1,\"tid\":1000,\"dur\":2.000");
    int child = text.indexOf("{\"name\":\"irq 3: imu\",\"cat\":\"irq\",\"ph\":\"X\","
        + "\"ts\":1.000,\"pid\":1,\"tid\":1000,\"dur\":1.000");
    int otherCpu = text.indexOf("{\"name\":\"hog-6\",\"cat\":\"sched\",\"ph\":\"X\","
        + "\"ts\":1.500,\"pid\":1,\"tid\":1001,\"dur\":2.500");
    assertThat(parent).as("task slice").isNotNegative();
    assertThat(child).as("handler slice, held back until its task slice is written")
        .isGreaterThan(parent);
    assertThat(otherCpu).as("the other CPU's task, closed at the end of the trace")
        .isGreaterThan(child);
  }

  @Test
  void aZoneLockSpinIsASliceOfItsWaitInsideTheSpinningHandler() throws Exception {
    Path trace = new SyntheticTrace("spin")
        .event(0, "machine", "cpus", 2, "memory_bytes", 0)
        .event(100, "irq_handler_entry", "cpu", 1, "ctx", "hardirq", "comm", "swapper/1",
            "pid", 0, "irq", 1, "name", "eth0")
        .event(200, "zone_lock_spin", "cpu", 1, "ctx", "hardirq", "comm", "swapper/1", "pid", 0,
            "zone", "DMA32", "holder_cpu", 0, "wait_ns", 1500, "hold_ns", 600)
        .event(2300, "irq_handler_exit", "cpu", 1, "ctx", "hardirq", "comm", "swapper/1",
            "pid", 0, "irq", 1, "ret", "handled")
        .event(3000, "run_end", "reason", "time_limit", "steps", 3)
        .write(dir.resolve("spin.jsonl"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ChromeTraceExporter.export(trace, out);
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(text).contains("{\"name\":\"zone_lock spin DMA32\",\"cat\":\"mm,lock\","
        + "\"ph\":\"X\",\"ts\":0.200,\"pid\":1,\"tid\":1001,\"dur\":1.500,\"args\":{");
    assertThat(text).contains("\"holder_cpu\":0,\"wait_ns\":1500,\"hold_ns\":600}");
  }

  @Test
  void aSpinBeginningWithItsHandlerIsWrittenAfterIt() throws Exception {
    Path trace = new SyntheticTrace("spin-tie")
        .event(0, "machine", "cpus", 1)
        .event(100, "irq_handler_entry", "cpu", 0, "irq", 1, "name", "eth0")
        .event(100, "zone_lock_spin", "cpu", 0, "zone", "Normal", "holder_cpu", 1,
            "wait_ns", 400, "hold_ns", 200)
        .event(800, "irq_handler_exit", "cpu", 0, "irq", 1, "ret", "handled")
        .event(900, "run_end")
        .write(dir.resolve("tie.jsonl"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ChromeTraceExporter.export(trace, out);
    String text = out.toString(StandardCharsets.UTF_8);
    int handler = text.indexOf("{\"name\":\"irq 1: eth0\",\"cat\":\"irq\",\"ph\":\"X\","
        + "\"ts\":0.100,\"pid\":1,\"tid\":1000,\"dur\":0.700");
    int spin = text.indexOf("{\"name\":\"zone_lock spin Normal\",\"cat\":\"mm,lock\","
        + "\"ph\":\"X\",\"ts\":0.100,\"pid\":1,\"tid\":1000,\"dur\":0.400");
    assertThat(handler).as("handler slice").isNotNegative();
    assertThat(spin).as("spin slice, held back until its handler is written")
        .isGreaterThan(handler);
  }

  @Test
  void sameTraceSameBytes() throws Exception {
    assertThat(export("sample")).isEqualTo(export("sample"));
  }

  @Test
  void hostileScenarioNameIsEscaped() throws Exception {
    byte[] bytes = export(HOSTILE);
    JsonNode root = new ObjectMapper().readTree(bytes);
    assertThat(root.get("otherData").get("scenario").asText()).isEqualTo(HOSTILE);
    String text = new String(bytes, StandardCharsets.UTF_8);
    assertThat(text).doesNotContain("\n<script>").contains("\\u0001");
  }
}
