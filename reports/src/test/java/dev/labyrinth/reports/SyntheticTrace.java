package dev.labyrinth.reports;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes canonical traces for tests, in the layout of docs/trace-format.md: events the emulator
 * does not produce yet (allocations, softirqs, sched_switch, kswapd) with Linux's field names.
 */
public final class SyntheticTrace {

  private static final JsonFactory JSON = JsonFactory.builder().build();
  private final StringBuilder text = new StringBuilder();

  public SyntheticTrace(String scenario) {
    line(json -> {
      json.writeStringField("format", "labyrinth-trace");
      json.writeNumberField("version", 1);
      json.writeStringField("scenario", scenario);
      json.writeStringField("scenario_sha256", "0".repeat(64));
      json.writeNumberField("seed", 7);
      json.writeArrayFieldStart("overrides");
      json.writeEndArray();
    });
  }

  /** A record: {@code t}, {@code ev}, then alternating keys and values (Long/Integer/String). */
  public SyntheticTrace event(long timeNs, String name, Object... keysAndValues) {
    line(json -> {
      json.writeNumberField("t", timeNs);
      json.writeStringField("ev", name);
      for (int i = 0; i < keysAndValues.length; i += 2) {
        String key = (String) keysAndValues[i];
        Object value = keysAndValues[i + 1];
        if (value instanceof Number number) {
          json.writeNumberField(key, number.longValue());
        } else {
          json.writeStringField(key, (String) value);
        }
      }
    });
    return this;
  }

  /** An {@code mm_page_alloc} with a task, softirq or hardirq prefix. */
  public SyntheticTrace alloc(long timeNs, int cpu, String ctx, String comm, long pid, long pfn,
      int order, String gfp, String zone, long freeBefore, long min, long low, long high,
      String reserve) {
    return event(timeNs, "mm_page_alloc", "cpu", cpu, "ctx", ctx, "comm", comm, "pid", pid,
        "pfn", pfn, "order", order, "migratetype", 0, "gfp_flags", gfp, "zone", zone,
        "free_before", freeBefore, "wmark_min", min, "wmark_low", low, "wmark_high", high,
        "mark", min, "alloc_flags", "ALLOC_WMARK_MIN", "reserve", reserve);
  }

  public Path write(Path file) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  @FunctionalInterface
  private interface Body {
    void fill(JsonGenerator json) throws IOException;
  }

  private void line(Body body) {
    try {
      StringWriter out = new StringWriter();
      try (JsonGenerator json = JSON.createGenerator(out)) {
        json.writeStartObject();
        body.fill(json);
        json.writeEndObject();
      }
      text.append(out).append('\n');
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A small machine: two CPUs, one zone (min 100, low 125, high 150, free 160), a task running
   * on CPU 0, a NET_RX softirq and an eth0 hardirq nested in it on CPU 1 that allocate into the
   * reserves, kswapd woken late, an unknown event, and a failure.
   */
  public static SyntheticTrace sample(String scenario) {
    SyntheticTrace trace = new SyntheticTrace(scenario);
    trace.event(0, "machine", "cpus", 2, "memory_bytes", 0);
    trace.event(0, "zone_init", "zone", "Normal", "spanned", 1024, "present", 1024, "managed",
        1000, "free", 160, "min", 100, "low", 125, "high", 150, "promo", 175, "protection",
        "(0, 0)");
    trace.event(1000, "sched_switch", "cpu", 0, "ctx", "task", "comm", "swapper/0", "pid", 0,
        "prev_comm", "swapper/0", "prev_pid", 0, "prev_prio", 120, "prev_state", "R",
        "next_comm", "stress", "next_pid", 42, "next_prio", 120);
    for (int i = 0; i < 40; i++) {
      trace.alloc(2000 + i * 10L, 0, "task", "stress", 42, 500 + i, 0, "GFP_KERNEL", "Normal",
          160 - i, 100, 125, 150, 160 - i > 125 ? "none" : "below_low");
    }
    trace.event(2500, "mm_vmscan_wakeup_kswapd", "cpu", 0, "ctx", "task", "comm", "stress",
        "pid", 42, "nid", 0, "order", 0, "gfp_flags", "GFP_KERNEL");
    trace.event(3000, "softirq_entry", "cpu", 1, "ctx", "softirq", "comm", "swapper/1", "pid", 0,
        "vec", 3, "action", "NET_RX");
    trace.event(3100, "irq_handler_entry", "cpu", 1, "ctx", "hardirq", "comm", "swapper/1",
        "pid", 0, "irq", 24, "name", "eth0");
    for (int i = 0; i < 30; i++) {
      long free = 120 - i;
      trace.alloc(3200 + i, 1, "hardirq", "swapper/1", 0, 900 + i, 0, "GFP_ATOMIC", "Normal",
          free, 100, 125, 150, free > 100 ? "below_low" : "atomic_reserve");
    }
    trace.event(3300, "irq_handler_exit", "cpu", 1, "ctx", "hardirq", "comm", "swapper/1",
        "pid", 0, "irq", 24, "ret", "handled");
    trace.event(3400, "warn_alloc", "cpu", 1, "ctx", "softirq", "comm", "swapper/1", "pid", 0,
        "message", "page allocation failure: order:3, mode:0x820(GFP_ATOMIC), \"x\"");
    trace.alloc(3400, 1, "softirq", "swapper/1", 0, -1, 3, "GFP_ATOMIC|__GFP_NOWARN", "Normal",
        90, 100, 125, 150, "failed");
    trace.event(3500, "softirq_exit", "cpu", 1, "ctx", "softirq", "comm", "swapper/1", "pid", 0,
        "vec", 3, "action", "NET_RX");
    trace.event(4000, "mm_vmscan_kswapd_wake", "cpu", 0, "ctx", "task", "comm", "kswapd0",
        "pid", 30, "nid", 0, "order", 0);
    trace.event(4100, "mm_page_free", "cpu", 0, "ctx", "task", "comm", "stress", "pid", 42,
        "pfn", 500, "order", 0, "zone", "Normal", "free_before", 90);
    trace.event(5000, "run_end", "reason", "time_limit", "steps", 80);
    return trace;
  }
}
