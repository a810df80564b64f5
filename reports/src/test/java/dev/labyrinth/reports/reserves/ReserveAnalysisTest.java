package dev.labyrinth.reports.reserves;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labyrinth.reports.SyntheticTrace;
import dev.labyrinth.reports.TraceEvent;
import dev.labyrinth.reports.TraceHeaderInfo;
import dev.labyrinth.reports.TraceReader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReserveAnalysisTest {

  @TempDir
  Path dir;

  private ReserveAnalysis analyse(SyntheticTrace trace) throws Exception {
    return ReserveAnalysis.of(trace.write(dir.resolve("trace.jsonl")));
  }

  @Test
  void recordsThePassDoesNotReadChangeNothing() throws Exception {
    Path golden = Path.of(System.getProperty("labyrinth.root", "..")).toAbsolutePath()
        .normalize().resolve("scenarios/imu-sensor.golden.jsonl.gz");
    ReserveAnalysis.Pass everything = ReserveAnalysis.streaming();
    ReserveAnalysis.Pass onlyRead = ReserveAnalysis.streaming();
    long skipped = 0;
    TraceHeaderInfo header;
    try (TraceReader reader = TraceReader.open(golden)) {
      header = reader.header();
      for (TraceEvent event = reader.next(); event != null; event = reader.next()) {
        everything.observe(event);
        if (ReserveAnalysis.Pass.reads(event.name())) {
          onlyRead.observe(event);
        } else {
          skipped++;
        }
      }
    }
    assertThat(skipped).as("the sensor trace has records the analysis ignores").isPositive();
    ReserveAnalysis all = everything.result(header);
    assertThat(all.hits()).isNotEmpty();
    assertThat(onlyRead.result(header)).isEqualTo(all);
  }

  @Test
  void groupsEveryAllocationBelowLow() throws Exception {
    ReserveAnalysis analysis = analyse(SyntheticTrace.sample("s"));
    // 15 GFP_KERNEL below low (free 125..121 is not below: 160-i <= 125 for i >= 35 -> 5),
    // 20 atomic below_low + 10 atomic_reserve, 1 failure of order 3.
    assertThat(analysis.byTier()).containsEntry("below_low", new Tally(25, 25))
        .containsEntry("atomic_reserve", new Tally(10, 10))
        .containsEntry("failed", new Tally(1, 8));
    assertThat(analysis.byCaller()).containsEntry("hardirq irq 24 (eth0)", new Tally(30, 30))
        .containsEntry("softirq NET_RX", new Tally(1, 8))
        .containsEntry("task stress-42", new Tally(5, 5));
    assertThat(analysis.byGfp().keySet()).containsExactly("GFP_ATOMIC",
        "GFP_ATOMIC|__GFP_NOWARN", "GFP_KERNEL");
    assertThat(analysis.byCpu().keySet()).containsExactly("cpu0", "cpu1");
    assertThat(analysis.belowLow()).isEqualTo(new Tally(36, 43));
  }

  @Test
  void eachHitCarriesItsCause() throws Exception {
    ReserveAnalysis analysis = analyse(SyntheticTrace.sample("s"));
    assertThat(analysis.hits()).hasSize(11);
    assertThat(analysis.failures()).isEqualTo(1);
    ReserveHit first = analysis.hits().get(0);
    assertThat(first.tier()).isEqualTo("atomic_reserve");
    assertThat(first.freeBeforePages()).isEqualTo(100);
    assertThat(first.atomicFloorPages()).isEqualTo(38);
    assertThat(first.marginToAtomicFloorPages()).isEqualTo(62);
    assertThat(first.shortOfHighPages()).isEqualTo(50);
    // The zone was last at high at t=2100 (free_before 150 = high), so the drain is the 30 task
    // allocations from then on plus the 20 atomic ones before this hit.
    DrainCause drain = first.drain();
    assertThat(drain.sinceNs()).isEqualTo(2100);
    assertThat(drain.allocations()).isEqualTo(new Tally(50, 50));
    assertThat(drain.topCallers()).extracting(CallerTally::caller)
        .containsExactly("task stress-42", "hardirq irq 24 (eth0)");
    assertThat(drain.belowLowSinceNs()).isEqualTo(2350);
    assertThat(first.kswapd()).isEqualTo(new KswapdStatus("woken", 2500));
    ReserveHit failure = analysis.hits().get(10);
    assertThat(failure.tier()).isEqualTo("failed");
    assertThat(failure.caller()).isEqualTo("softirq NET_RX");
    assertThat(failure.order()).isEqualTo(3);
  }

  @Test
  void lowPointAndHeadroomAgainstTheAtomicFloor() throws Exception {
    ZoneLowPoint low = analyse(SyntheticTrace.sample("s")).zones().get("Normal");
    assertThat(low.lowestFreePages()).isEqualTo(90);
    assertThat(low.atTimeNs()).isEqualTo(3229);
    assertThat(low.atomicFloorPages()).isEqualTo(38);
    assertThat(low.headroomPages()).isEqualTo(52);
  }

  @Test
  void textAndJsonAreDeterministic() throws Exception {
    ReserveAnalysis analysis = analyse(SyntheticTrace.sample("s"));
    String text = ReserveReportText.render(analysis);
    assertThat(text).isEqualTo(ReserveReportText.render(analyse(SyntheticTrace.sample("s"))));
    assertThat(text).contains("  3.220 us cpu1 hardirq irq 24 (eth0): atomic_reserve, order 0 "
        + "GFP_ATOMIC, zone Normal\n"
        + "    free before: 100 pages (min 100, low 125, high 150, atomic floor 38); 62 pages "
        + "above the atomic floor\n"
        + "    drained since 2.100 us (last at or above high): 50 allocations, 50 pages; 0 frees,"
        + " 0 pages\n"
        + "    top callers: task stress-42 (30 pages in 30 allocations), hardirq irq 24 (eth0)"
        + " (20 pages in 20 allocations)\n"
        + "    kswapd: woken since 2.500 us (720 ns before); behind by 50 pages short of high,"
        + " below low for 870 ns\n");
    assertThat(ReserveReportJson.render(analysis)).contains("\"tier\" : \"failed\"");
  }
}
