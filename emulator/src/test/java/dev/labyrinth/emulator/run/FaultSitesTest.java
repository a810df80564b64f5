package dev.labyrinth.emulator.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labyrinth.emulator.scenario.ScenarioLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each fault site has the effect it promises, seen in the trace, and says so with a
 * {@code fault_inject} record: a storm adds interrupts in its window, a stopped device raises
 * none, a delayed kswapd wakes late, reclaim without progress reclaims nothing and allocations
 * fail instead.
 */
class FaultSitesTest {

  private static final String TIMER = String.join("\n",
      "name: faults",
      "seed: 3",
      "duration: 10ms",
      "machine:",
      "  cpus: 2",
      "  memory: 64MiB",
      "devices:",
      "  - name: imu",
      "    kind: timer",
      "    period: 100us",
      "    handler:",
      "      - compute: 2us",
      "");

  @TempDir
  Path dir;

  private TraceLines run(String yaml, String... overrides) throws Exception {
    Path file = dir.resolve("s.yaml");
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
    return TraceLines.run(ScenarioLoader.load(file, List.of(overrides)), null);
  }

  private static TraceLines sensor(String... overrides) throws Exception {
    return TraceLines.run(ScenarioLoader.load(TraceLines.shipped("imu-sensor.yaml"),
        List.of(overrides)), null);
  }

  /** When each interrupt of {@code irq} was raised: entry time minus delivery latency. */
  private static List<Long> raisedNs(TraceLines t, int irq) {
    return t.where(r -> r.path("ev").asText().equals("irq_handler_entry")
        && r.path("irq").asInt() == irq).stream()
        .map(r -> r.path("t").asLong() - r.path("latency_ns").asLong()).toList();
  }

  private static long countIn(List<Long> times, long fromNs, long untilNs) {
    return times.stream().filter(t -> t >= fromNs && t < untilNs).count();
  }

  private static List<JsonNode> faults(TraceLines t, String site) {
    return t.where(r -> r.path("ev").asText().equals("fault_inject")
        && r.path("site").asText().equals(site));
  }

  @Test
  void withoutFaultsThereIsNoFaultRecord() throws Exception {
    assertThat(run(TIMER).events("fault_inject")).isEmpty();
  }

  @Test
  void anIrqStormAddsInterruptsOnlyInItsWindow() throws Exception {
    TraceLines plain = run(TIMER);
    TraceLines storm = run(TIMER, "faults.irq_storm.enabled=true", "faults.irq_storm.every=10us",
        "faults.irq_storm.start=2ms", "faults.irq_storm.length=1ms");
    assertThat(countIn(raisedNs(plain, 1), 2_000_000, 3_000_000)).isEqualTo(10);
    assertThat(countIn(raisedNs(storm, 1), 2_000_000, 3_000_000)).isGreaterThan(50);
    assertThat(countIn(raisedNs(storm, 1), 3_000_000, 10_000_000))
        .isEqualTo(countIn(raisedNs(plain, 1), 3_000_000, 10_000_000));
    assertThat(faults(storm, "irq_storm")).singleElement().satisfies(r -> {
      assertThat(r.path("t").asLong()).isEqualTo(2_000_000);
      assertThat(r.path("device").asText()).isEqualTo("imu");
      assertThat(r.path("every_ns").asLong()).isEqualTo(10_000);
      assertThat(r.path("until_ns").asLong()).isEqualTo(3_000_000);
    });
  }

  @Test
  void aStormWithoutAStartDrawsItFromItsOwnStream() throws Exception {
    TraceLines a = run(TIMER, "faults.irq_storm.enabled=true", "faults.irq_storm.length=1ms");
    TraceLines b = run(TIMER, "faults.irq_storm.enabled=true", "faults.irq_storm.length=1ms",
        "seed=4");
    long startA = faults(a, "irq_storm").get(0).path("t").asLong();
    long startB = faults(b, "irq_storm").get(0).path("t").asLong();
    assertThat(startA).isBetween(0L, 9_000_000L);
    assertThat(startB).isBetween(0L, 9_000_000L).isNotEqualTo(startA);
    assertThat(run(TIMER, "faults.irq_storm.enabled=true", "faults.irq_storm.length=1ms").bytes)
        .isEqualTo(a.bytes);
  }

  @Test
  void aStoppedDeviceRaisesNothingUntilItResumes() throws Exception {
    TraceLines plain = run(TIMER);
    TraceLines stopped = run(TIMER, "faults.device_stop.enabled=true",
        "faults.device_stop.start=3ms", "faults.device_stop.length=2ms");
    List<Long> times = raisedNs(stopped, 1);
    assertThat(countIn(times, 3_000_000, 5_000_000)).isZero();
    assertThat(countIn(times, 0, 3_000_000))
        .isEqualTo(countIn(raisedNs(plain, 1), 0, 3_000_000)).isPositive();
    // It resumes on its own schedule: the same arrivals as without the fault.
    assertThat(times.stream().filter(t -> t >= 5_000_000).toList())
        .isEqualTo(raisedNs(plain, 1).stream().filter(t -> t >= 5_000_000).toList())
        .isNotEmpty();
    assertThat(faults(stopped, "device_stop")).singleElement().satisfies(r -> {
      assertThat(r.path("t").asLong()).isEqualTo(3_000_000);
      assertThat(r.path("until_ns").asLong()).isEqualTo(5_000_000);
    });

    TraceLines forever = run(TIMER, "faults.device_stop.enabled=true",
        "faults.device_stop.start=3ms");
    assertThat(countIn(raisedNs(forever, 1), 3_000_000, Long.MAX_VALUE)).isZero();
    assertThat(faults(forever, "device_stop").get(0).path("until_ns").asLong()).isEqualTo(-1);
  }

  @Test
  void aDelayedKswapdWakesThatMuchLater() throws Exception {
    TraceLines plain = sensor();
    TraceLines delayed = sensor("faults.kswapd_delay.enabled=true",
        "faults.kswapd_delay.delay=3ms");
    List<JsonNode> injected = faults(delayed, "kswapd_delay");
    List<JsonNode> wakes = delayed.events("mm_vmscan_kswapd_wake");
    assertThat(injected).isNotEmpty();
    assertThat(injected).allSatisfy(r -> assertThat(r.path("delay_ns").asLong())
        .isEqualTo(3_000_000));
    // Every delayed wake-up is followed by kswapd starting exactly the delay later.
    for (JsonNode r : injected) {
      long due = r.path("t").asLong() + 3_000_000;
      assertThat(wakes).anyMatch(w -> w.path("t").asLong() == due);
    }
    long firstPlain = plain.events("mm_vmscan_kswapd_wake").get(0).path("t").asLong();
    long firstWakeup = plain.events("mm_vmscan_wakeup_kswapd").get(0).path("t").asLong();
    assertThat(firstPlain).isEqualTo(firstWakeup);
    assertThat(wakes.get(0).path("t").asLong()).isGreaterThanOrEqualTo(firstWakeup + 3_000_000);
  }

  @Test
  void reclaimWithoutProgressReclaimsNothingAndAllocationsFail() throws Exception {
    TraceLines plain = sensor();
    TraceLines stuck = sensor("faults.reclaim_no_progress.enabled=true");
    assertThat(plain.events("mm_vmscan_direct_reclaim_end"))
        .anyMatch(r -> r.path("nr_reclaimed").asLong() > 0);
    assertThat(stuck.events("mm_vmscan_direct_reclaim_end")).isNotEmpty()
        .allMatch(r -> r.path("nr_reclaimed").asLong() == 0);
    assertThat(faults(stuck, "reclaim_no_progress")).extracting(r -> r.path("reclaimer").asText())
        .contains("direct", "kswapd");
    assertThat(failures(stuck)).isGreaterThan(failures(plain));
  }

  @Test
  void partialNoProgressBlocksSomeAttemptsOnly() throws Exception {
    TraceLines half = sensor("faults.reclaim_no_progress.enabled=true",
        "faults.reclaim_no_progress.percent=50");
    assertThat(half.events("mm_vmscan_direct_reclaim_end"))
        .anyMatch(r -> r.path("nr_reclaimed").asLong() == 0)
        .anyMatch(r -> r.path("nr_reclaimed").asLong() > 0);
  }

  private static long failures(TraceLines t) {
    return t.where(r -> r.path("ev").asText().equals("mm_page_alloc")
        && r.path("reserve").asText().equals("failed")).size();
  }
}
