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
    Map<Long, Deque<String>> open = new TreeMap<>();
    Map<Long, Long> lastTs = new TreeMap<>();
    List<String> instants = new ArrayList<>();
    for (JsonNode event : root.get("traceEvents")) {
      String ph = event.get("ph").asText();
      for (String key : List.of("name", "ph", "ts", "pid", "tid")) {
        assertThat(event.has(key)).as("%s needs %s: %s", ph, key, event).isTrue();
      }
      assertThat(event.get("ts").isNumber()).isTrue();
      long tid = event.get("tid").asLong();
      long tsNs = Math.round(event.get("ts").decimalValue().movePointRight(3).doubleValue());
      if (!ph.equals("M") && !ph.equals("C")) {
        assertThat(tsNs).as("ts non-decreasing on tid %d", tid)
            .isGreaterThanOrEqualTo(lastTs.getOrDefault(tid, 0L));
        lastTs.put(tid, tsNs);
      }
      switch (ph) {
        case "M" -> assertThat(event.get("args").has("name")
            || event.get("args").has("sort_index")).isTrue();
        case "B" -> open.computeIfAbsent(tid, t -> new ArrayDeque<>())
            .push(event.get("name").asText());
        case "E" -> {
          Deque<String> stack = open.get(tid);
          assertThat(stack).as("E without B on tid %d", tid).isNotNull().isNotEmpty();
          assertThat(stack.pop()).isEqualTo(event.get("name").asText());
        }
        case "C" -> {
          assertThat(event.get("args").size()).isPositive();
          event.get("args").forEach(value -> assertThat(value.isNumber()).isTrue());
        }
        case "i" -> {
          assertThat(event.get("s").asText()).isIn("t", "g", "p");
          instants.add(event.get("name").asText());
        }
        default -> throw new AssertionError("unexpected phase " + ph);
      }
    }
    open.values().forEach(stack -> assertThat(stack).as("every B is closed").isEmpty());
    assertThat(instants).contains("reserve hit: atomic_reserve", "allocation failure",
        "warn_alloc", "mm_vmscan_kswapd_wake", "zone_init");
  }

  @Test
  void slicesNestAndCountersTrackTheZone() throws Exception {
    String text = new String(export("sample"), StandardCharsets.UTF_8);
    assertThat(text).contains("{\"name\":\"softirq NET_RX\",\"cat\":\"irq\",\"ph\":\"B\","
        + "\"ts\":3.000,\"pid\":1,\"tid\":1001");
    assertThat(text).contains("{\"name\":\"irq 24: eth0\",\"cat\":\"irq\",\"ph\":\"E\","
        + "\"ts\":3.300,\"pid\":1,\"tid\":1001}");
    assertThat(text).contains("{\"name\":\"stress-42\",\"cat\":\"sched\",\"ph\":\"B\","
        + "\"ts\":1.000,\"pid\":1,\"tid\":1000");
    assertThat(text).contains("{\"name\":\"zone Normal atomic_floor\",\"cat\":\"mm.counter\","
        + "\"ph\":\"C\",\"ts\":0.000,\"pid\":1,\"tid\":1,\"args\":{\"pages\":38}}");
    assertThat(text).contains("\"name\":\"zone Normal free\",\"cat\":\"mm.counter\",\"ph\":\"C\","
        + "\"ts\":3.229,\"pid\":1,\"tid\":1,\"args\":{\"pages\":90}}");
    assertThat(text).contains("\"name\":\"thread_name\",\"cat\":\"__metadata\",\"ph\":\"M\","
        + "\"ts\":0.000,\"pid\":1,\"tid\":1001,\"args\":{\"name\":\"cpu1\"}}");
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
