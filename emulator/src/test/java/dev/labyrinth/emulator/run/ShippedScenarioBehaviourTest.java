package dev.labyrinth.emulator.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * What the shipped reserve scenarios must show, read from their traces (the goldens pin the
 * bytes; these pin the behaviour the scenarios exist for).
 */
class ShippedScenarioBehaviourTest {

  private static boolean alloc(JsonNode r, String gfp, String reserve) {
    return r.path("ev").asText().equals("mm_page_alloc") && r.path("gfp_flags").asText().equals(gfp)
        && r.path("reserve").asText().equals(reserve);
  }

  @Test
  void atomicWindowAtomicTakesTheReserveWhileGfpKernelReclaims() {
    TraceLines t = TraceLines.run(TraceLines.shipped("atomic-window.yaml"));
    JsonNode zone = t.events("zone_init").get(0);
    long min = zone.path("min").asLong();
    long m2 = min - min / 2;
    long floor = m2 - m2 / 4;
    assertThat(min).isEqualTo(256);
    assertThat(floor).isEqualTo(96);
    // Walk the trace keeping which tasks are inside direct reclaim.
    TreeMap<Integer, Long> inReclaim = new TreeMap<>();
    int atomicReserve = 0;
    int atomicReserveWhileWriterReclaims = 0;
    for (JsonNode r : t.records) {
      String ev = r.path("ev").asText();
      if (ev.equals("mm_vmscan_direct_reclaim_begin")) {
        inReclaim.put(r.path("pid").asInt(), r.path("t").asLong());
      } else if (ev.equals("mm_vmscan_direct_reclaim_end")) {
        inReclaim.remove(r.path("pid").asInt());
      } else if (alloc(r, "GFP_ATOMIC", "atomic_reserve")) {
        atomicReserve++;
        long after = r.path("free_before").asLong() - 1;
        assertThat(after).as("between 3/8 of min and min").isBetween(floor, min - 1);
        assertThat(r.path("ctx").asText()).isEqualTo("hardirq");
        if (inReclaim.containsKey(1001)) { // writer
          atomicReserveWhileWriterReclaims++;
        }
      }
    }
    assertThat(atomicReserve).isGreaterThan(100);
    assertThat(atomicReserveWhileWriterReclaims).isGreaterThan(10);
    assertThat(t.where(r -> r.path("ev").asText().equals("mm_vmscan_direct_reclaim_begin")
        && r.path("comm").asText().equals("writer") && r.path("gfp_flags").asText()
            .equals("GFP_KERNEL"))).isNotEmpty();
    // The negative space: no GFP_KERNEL allocation ever went below min, and nothing failed.
    assertThat(t.where(r -> r.path("ev").asText().equals("mm_page_alloc")
        && r.path("gfp_flags").asText().equals("GFP_KERNEL")
        && !List.of("none", "below_low").contains(r.path("reserve").asText()))).isEmpty();
    assertThat(t.where(r -> alloc(r, "GFP_ATOMIC", "failed"))).isEmpty();
  }

  @Test
  void atomicExhaustionFailsWithWarnAllocsMessageAndRateLimit() {
    TraceLines t = TraceLines.run(TraceLines.shipped("atomic-exhaustion.yaml"));
    List<JsonNode> failed = t.where(r -> alloc(r, "GFP_ATOMIC", "failed"));
    assertThat(t.where(r -> alloc(r, "GFP_ATOMIC", "atomic_reserve"))).isNotEmpty();
    assertThat(failed).hasSizeGreaterThan(100);
    List<JsonNode> warns = t.events("warn_alloc");
    assertThat(warns).hasSize(2);
    assertThat(warns).allSatisfy(w -> assertThat(w.path("message").asText()).isEqualTo(
        "swapper/0: page allocation failure: order:0, mode:0x820(GFP_ATOMIC), nodemask=(null)"));
    long first = warns.get(0).path("t").asLong();
    long second = warns.get(1).path("t").asLong();
    assertThat(first).isEqualTo(failed.get(0).path("t").asLong());
    assertThat(second - first).as("10 s rate limit").isGreaterThanOrEqualTo(10_000_000_000L);
    assertThat(warns.get(0).path("callbacks_suppressed").asLong()).isZero();
    // Suppressed: every failure from the first report (excluded) up to the second.
    long between = failed.stream().filter(f -> f.path("t").asLong() >= first
        && f.path("t").asLong() < second).count() - 1;
    assertThat(warns.get(1).path("callbacks_suppressed").asLong())
        .as("every failure between the two reports was suppressed").isEqualTo(between)
        .isGreaterThan(0);
  }

  @Test
  void imuSensorShowsIrqsSoftirqsSwitchesReserveHitsAndAFewFailures() {
    TraceLines t = TraceLines.run(TraceLines.shipped("imu-sensor.yaml"));
    assertThat(t.events("irq_handler_entry")).isNotEmpty();
    assertThat(t.events("softirq_entry")).isNotEmpty();
    assertThat(t.events("sched_switch")).isNotEmpty();
    List<JsonNode> imuAllocs = t.where(r -> r.path("ev").asText().equals("mm_page_alloc")
        && r.path("ctx").asText().equals("hardirq") && r.path("cpu").asInt() == 0);
    assertThat(imuAllocs).hasSizeGreaterThan(90);
    assertThat(imuAllocs).filteredOn(r -> r.path("reserve").asText().equals("atomic_reserve"))
        .isNotEmpty();
    long failures = t.where(r -> alloc(r, "GFP_ATOMIC", "failed")).size();
    assertThat(failures).isBetween(1L, 50L);
    assertThat(t.events("mm_vmscan_direct_reclaim_begin")).isNotEmpty();
    assertThat(t.events("mm_pcp_bypass")).isNotEmpty();
  }

  @Test
  void zoneLockContentionShowsSpinsInEveryContextAndTheTrylockBypass() {
    TraceLines t = TraceLines.run(TraceLines.shipped("zone-lock-contention.yaml"));
    List<JsonNode> spins = t.events("zone_lock_spin");
    assertThat(spins).isNotEmpty().allSatisfy(s -> {
      assertThat(s.path("wait_ns").asLong()).isPositive();
      assertThat(s.path("holder_cpu").asInt()).isNotEqualTo(s.path("cpu").asInt()).isNotNegative();
      assertThat(s.path("zone").asText()).isEqualTo("DMA32");
    });
    assertThat(spins).extracting(s -> s.path("ctx").asText())
        .contains("hardirq", "softirq", "task");
    assertThat(t.events("mm_pcp_bypass")).isNotEmpty();
    // A handler that spun ends at least its wait after it started.
    JsonNode spin = spins.stream().filter(s -> s.path("ctx").asText().equals("hardirq"))
        .findFirst().orElseThrow();
    int cpu = spin.path("cpu").asInt();
    long exitNs = t.where(r -> r.path("ev").asText().equals("irq_handler_exit")
        && r.path("cpu").asInt() == cpu && r.path("t").asLong() >= spin.path("t").asLong())
        .get(0).path("t").asLong();
    assertThat(exitNs - spin.path("t").asLong())
        .isGreaterThanOrEqualTo(spin.path("wait_ns").asLong() + spin.path("hold_ns").asLong());
  }
}
