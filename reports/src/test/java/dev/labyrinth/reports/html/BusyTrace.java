package dev.labyrinth.reports.html;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a synthetic but plausible canonical trace for report tests, of any length: an IMU
 * interrupt on CPU 0 that takes one GFP_ATOMIC page per sample and frees it later, a NET_RX
 * softirq on CPU 1 with bursts of GFP_ATOMIC allocations, a memory hog on CPU 2 that drains the
 * Normal zone in phases and falls into direct reclaim below min, kswapd waking below low and
 * sleeping at high, write-protect faults and forks, warn_alloc on failures. Lines are built by
 * hand (not Jackson) so a million events are written quickly.
 */
final class BusyTrace {

  private static final long MIN = 1000;
  private static final long LOW = 1250;
  private static final long HIGH = 1500;
  private static final long FLOOR = 375;
  private static final long STEP_NS = 10_000;

  private final Writer out;
  private long records;
  private long free = 2400;
  private long pfn = 100_000;
  private boolean kswapdAwake;
  private boolean kswapdWoken;
  private long lastNs;

  private BusyTrace(Writer out) {
    this.out = out;
  }

  /** Writes a trace of about {@code eventsMin} records (at least) to {@code file}. */
  static Path write(Path file, String scenario, long eventsMin) throws IOException {
    try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      BusyTrace trace = new BusyTrace(writer);
      trace.header(scenario);
      trace.run(eventsMin);
    }
    return file;
  }

  private void header(String scenario) throws IOException {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = new JsonFactory().createGenerator(text)) {
      json.writeStartObject();
      json.writeStringField("format", "labyrinth-trace");
      json.writeNumberField("version", 1);
      json.writeStringField("scenario", scenario);
      json.writeStringField("scenario_sha256", "0".repeat(64));
      json.writeNumberField("seed", 42);
      json.writeArrayFieldStart("overrides");
      json.writeString("vm.min_free_kbytes=4000");
      json.writeEndArray();
      json.writeEndObject();
    }
    out.write(text + "\n");
    line("{\"t\":0,\"ev\":\"machine\",\"cpus\":4,\"memory_bytes\":0}");
    line("{\"t\":0,\"ev\":\"zone_init\",\"zone\":\"DMA32\",\"spanned\":4096,\"present\":4096,"
        + "\"managed\":4000,\"free\":3900,\"min\":30,\"low\":37,\"high\":44,\"promo\":51,"
        + "\"protection\":\"(0, 0)\"}");
    line("{\"t\":0,\"ev\":\"zone_init\",\"zone\":\"Normal\",\"spanned\":65536,\"present\":65536,"
        + "\"managed\":64000,\"free\":" + free + ",\"min\":1000,\"low\":1250,\"high\":1500,"
        + "\"promo\":1750,\"protection\":\"(0, 0)\"}");
  }

  private void run(long eventsMin) throws IOException {
    long k = 0;
    long pendingImuFree = -1;
    while (records < eventsMin) {
      long t = 1_000_000 + k * STEP_NS;
      boolean draining = (k / 400) % 2 == 0;
      // The hog: takes pages while draining, gives some back otherwise.
      if (draining) {
        hog(t, k);
      } else if (k % 2 == 0) {
        free(t + 10, 2, "task", "hog", 77, 2);
      }
      // The IMU: one atomic page per sample, freed at the next sample.
      if (k % 4 == 0) {
        long jitterNs = 1_500 + (k * 7919) % 6_000;
        cpu(t + 100, "irq_handler_entry", 0, "hardirq", "swapper/0", 0,
            "\"irq\":2,\"name\":\"imu\"");
        if (pendingImuFree >= 0) {
          free(t + 150, 0, "hardirq", "swapper/0", 0, 0);
        }
        atomic(t + 200, 0, "hardirq", 0);
        pendingImuFree = 1;
        cpu(t + 100 + jitterNs, "irq_handler_exit", 0, "hardirq", "swapper/0", 0,
            "\"irq\":2,\"ret\":\"handled\"");
      }
      // NET_RX: a burst of receive buffers every 1000 steps, late in a drain phase.
      if (k % 8 == 4) {
        cpu(t + 300, "softirq_entry", 1, "softirq", "swapper/1", 0,
            "\"vec\":3,\"action\":\"NET_RX\"");
        int burst = k % 800 > 300 && k % 800 < 380 ? 80 : 1;
        for (int i = 0; i < burst; i++) {
          atomic(t + 400 + i, 1, "softirq", 0);
        }
        cpu(t + 900 + (k % 13) * 100, "softirq_exit", 1, "softirq", "swapper/1", 0,
            "\"vec\":3,\"action\":\"NET_RX\"");
      }
      kswapd(t + 5_000);
      if (k % 10 == 3) {
        cpu(t + 6_000, "vm_fault", 3, "task", "app", 90, "\"address\":" + (4096 * k)
            + ",\"kind\":\"write\",\"outcome\":\"" + (k % 30 == 3 ? "copy" : "reuse")
            + "\"");
      }
      if (k % 500 == 7) {
        cpu(t + 7_000, "vm_fork", 3, "task", "app", 90,
            "\"parent\":90,\"child\":" + (1000 + k) + ",\"fork\":" + k
                + ",\"outcome\":\"ok\",\"shared\":256,\"copied\":2,\"pgtables\":4");
      }
      k++;
    }
    line("{\"t\":" + Math.max(lastNs, 1_000_000 + k * STEP_NS) + ",\"ev\":\"run_end\",\"reason\":\"time_limit\","
        + "\"steps\":" + records + "}");
  }

  private void hog(long t, long k) throws IOException {
    if (free <= MIN) {
      cpu(t, "mm_vmscan_direct_reclaim_begin", 2, "task", "hog", 77,
          "\"order\":0,\"gfp_flags\":\"GFP_KERNEL\"");
      cpu(t + 3_000, "mm_vmscan_direct_reclaim_end", 2, "task", "hog", 77, "\"nr_reclaimed\":2");
      free += 2;
    }
    for (int i = 0; i < 3; i++) {
      alloc(t + 3_500 + i, 2, "task", "hog", 77, "GFP_KERNEL", tier(false));
    }
  }

  private void atomic(long t, int cpu, String ctx, long pid) throws IOException {
    alloc(t, cpu, ctx, "swapper/" + cpu, pid, "GFP_ATOMIC", tier(true));
  }

  private String tier(boolean atomic) {
    if (free > LOW) {
      return "none";
    }
    if (free > MIN || !atomic) {
      return "below_low";
    }
    if (free > MIN / 2) {
      return "min_reserve";
    }
    return free > FLOOR ? "atomic_reserve" : "failed";
  }

  private void alloc(long t, int cpu, String ctx, String comm, long pid, String gfp, String tier)
      throws IOException {
    boolean failed = tier.equals("failed");
    if (failed) {
      cpu(t, "warn_alloc", cpu, ctx, comm, pid, "\"message\":\"" + comm
          + ": page allocation failure: order:0, mode:0x820(GFP_ATOMIC), nodemask=(null)\"");
    }
    cpu(t, "mm_page_alloc", cpu, ctx, comm, pid, "\"pfn\":" + (failed ? -1 : pfn++)
        + ",\"order\":0,\"migratetype\":0,\"gfp_flags\":\"" + gfp + "\",\"zone\":\"Normal\","
        + "\"free_before\":" + free + ",\"wmark_min\":1000,\"wmark_low\":1250,"
        + "\"wmark_high\":1500,\"mark\":1000,\"alloc_flags\":\"ALLOC_WMARK_MIN\",\"reserve\":\""
        + tier + "\"");
    if (!failed) {
      free--;
    }
    if (free < LOW && !kswapdWoken) {
      kswapdWoken = true;
      cpu(t, "mm_vmscan_wakeup_kswapd", cpu, ctx, comm, pid,
          "\"nid\":0,\"zid\":2,\"order\":0,\"gfp_flags\":\"" + gfp + "\"");
    }
  }

  private void free(long t, int cpu, String ctx, String comm, long pid, int pages)
      throws IOException {
    for (int i = 0; i < Math.max(1, pages); i++) {
      cpu(t, "mm_page_free", cpu, ctx, comm, pid, "\"pfn\":" + (pfn - 1 - i)
          + ",\"order\":0,\"zone\":\"Normal\",\"free_before\":" + free);
      free++;
    }
  }

  private void kswapd(long t) throws IOException {
    if (kswapdWoken && !kswapdAwake) {
      kswapdAwake = true;
      cpu(t, "mm_vmscan_kswapd_wake", 3, "task", "kswapd0", 30, "\"nid\":0,\"order\":0");
    } else if (kswapdAwake) {
      free(t, 3, "task", "kswapd0", 30, 1);
      if (free >= HIGH) {
        kswapdAwake = false;
        kswapdWoken = false;
        cpu(t + 1, "mm_vmscan_kswapd_sleep", 3, "task", "kswapd0", 30, "\"nid\":0");
      }
    }
  }

  private void cpu(long t, String ev, int cpu, String ctx, String comm, long pid, String rest)
      throws IOException {
    lastNs = Math.max(lastNs, t);
    line("{\"t\":" + lastNs + ",\"ev\":\"" + ev + "\",\"cpu\":" + cpu + ",\"ctx\":\"" + ctx
        + "\",\"comm\":\"" + comm + "\",\"pid\":" + pid + (rest.isEmpty() ? "" : "," + rest)
        + "}");
  }

  private void line(String json) throws IOException {
    out.write(json);
    out.write('\n');
    records++;
  }
}
