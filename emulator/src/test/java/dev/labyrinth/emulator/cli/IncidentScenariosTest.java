package dev.labyrinth.emulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labyrinth.reports.TraceEvent;
import dev.labyrinth.reports.TraceReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The incident scenarios of issue 8's library in {@code scenarios/}: each one's behaviour, read
 * from its golden trace (which {@link ScenarioGoldensTest} proves the run reproduces); the
 * reserve-sizing scenario is also run at a smaller {@code vm.min_free_kbytes}.
 */
class IncidentScenariosTest {

  @Test
  @DisplayName("NIC receive storm: GFP_ATOMIC refills in NET_RX fail under page-cache pressure")
  void nicRxStorm() throws Exception {
    List<TraceEvent> t = trace("nic-rx-storm");
    List<TraceEvent> failed = allocs(t).stream()
        .filter(e -> e.stringField("reserve", "").equals("failed")).collect(Collectors.toList());
    assertThat(failed).isNotEmpty().allSatisfy(e -> {
      assertThat(e.stringField("ctx", "")).isEqualTo("softirq");
      assertThat(e.stringField("gfp_flags", "")).isEqualTo("GFP_ATOMIC");
      assertThat(e.longField("order", -1)).isZero();
    });
    // the atomic pages dug into the min reserve before the first failure
    long firstFailure = failed.get(0).timeNs();
    assertThat(allocs(t)).anyMatch(e -> e.timeNs() < firstFailure
        && e.stringField("reserve", "").equals("atomic_reserve")
        && e.stringField("ctx", "").equals("softirq"));
    // the pressure is the backup's page cache, with kswapd awake
    assertThat(count(t, "mm_vmscan_kswapd_wake")).isPositive();
    assertThat(allocs(t)).anyMatch(e -> e.stringField("comm", "").equals("backup"));
    TraceEvent warn = first(t, "warn_alloc");
    assertThat(warn.stringField("ctx", "")).isEqualTo("softirq");
    assertThat(warn.stringField("message", ""))
        .contains("page allocation failure: order:0, mode:0x820(GFP_ATOMIC)");
  }

  @Test
  @DisplayName("forking server under pressure: COW copies, kswapd and direct reclaim, no bleed")
  void forkingServer() throws Exception {
    List<TraceEvent> t = trace("forking-server");
    assertThat(count(t, "vm_fork")).isEqualTo(4);
    List<TraceEvent> copies = t.stream().filter(e -> e.name().equals("vm_fault")
        && e.stringField("outcome", "").equals("copy")).collect(Collectors.toList());
    for (long child = 1001; child <= 1004; child++) {
      long c = child;
      assertThat(copies).as("worker %d", c).filteredOn(e -> e.longField("proc", 0) == c)
          .hasSize(768); // its 3 MiB slice of the heap
    }
    assertThat(copies).anyMatch(e -> e.longField("proc", 0) == 1000); // the server's own writes
    assertThat(count(t, "mm_vmscan_kswapd_wake")).isPositive();
    assertThat(count(t, "mm_vmscan_direct_reclaim_end")).isPositive();
    assertThat(allocs(t)).noneMatch(e -> e.stringField("reserve", "").equals("failed"));
    assertThat(t).noneMatch(e -> e.name().equals("vm_bleed"));
    TraceEvent vmstat = first(t, "vm_vmstat");
    assertThat(vmstat.longField("bleed", -1)).isZero();
    assertThat(vmstat.longField("cow_copy", -1)).isEqualTo(copies.size());
  }

  @Test
  @DisplayName("OOM kill: the task with the most kept pages dies, later allocations succeed")
  void oomKill() throws Exception {
    List<TraceEvent> t = trace("oom-kill");
    assertThat(count(t, "oom_kill")).isEqualTo(1);
    TraceEvent kill = first(t, "oom_kill");
    assertThat(kill.stringField("victim_comm", "")).isEqualTo("big-hog");
    assertThat(kill.stringField("comm", "")).isEqualTo("small-hog");
    long smallHogPages = allocs(t).stream()
        .filter(e -> e.stringField("comm", "").equals("small-hog") && e.timeNs() < kill.timeNs())
        .count();
    assertThat(kill.longField("victim_rss_pages", 0)).isGreaterThan(smallHogPages);
    List<TraceEvent> after = allocs(t).stream().filter(e -> e.timeNs() >= kill.timeNs())
        .collect(Collectors.toList());
    assertThat(after).hasSizeGreaterThan(100)
        .noneMatch(e -> e.stringField("reserve", "").equals("failed"))
        .noneMatch(e -> e.stringField("comm", "").equals("big-hog"));
    assertThat(allocs(t)).noneMatch(e -> e.stringField("reserve", "").equals("failed"));
  }

  @Test
  @DisplayName("IMU reserve sizing: no failure at the default min_free_kbytes, failures at 512")
  void imuReserveSizing() throws Exception {
    List<TraceEvent> golden = trace("imu-reserve-sizing");
    Path out = CliHarness.ROOT.resolve("emulator/target/incident-scenarios");
    List<TraceEvent> atDefault = run("default", out);
    assertThat(atDefault).hasSameSizeAs(golden);
    assertThat(first(atDefault, "zone_init").longField("min", -1)).isEqualTo(181);
    assertThat(allocs(atDefault))
        .anyMatch(e -> e.stringField("reserve", "").equals("atomic_reserve"))
        .noneMatch(e -> e.stringField("reserve", "").equals("failed"));
    assertThat(count(atDefault, "warn_alloc")).isZero();

    List<TraceEvent> smaller = run("min512", out, "--set", "vm.min_free_kbytes=512");
    assertThat(first(smaller, "zone_init").longField("min", -1)).isEqualTo(128);
    List<TraceEvent> failed = allocs(smaller).stream()
        .filter(e -> e.stringField("reserve", "").equals("failed")).collect(Collectors.toList());
    assertThat(failed).isNotEmpty()
        .allMatch(e -> e.stringField("gfp_flags", "").equals("GFP_ATOMIC"));
    assertThat(first(smaller, "warn_alloc").stringField("message", ""))
        .contains("page allocation failure: order:0, mode:0x820(GFP_ATOMIC)");
  }

  @Test
  @DisplayName("Highatomic reserve: order-2/3 GFP_ATOMIC use it, order-0 NORETRY fails above min")
  void highatomicReserve() throws Exception {
    List<TraceEvent> t = trace("highatomic-reserve");
    assertThat(first(t, "zone_init").longField("managed", -1)).isGreaterThanOrEqualTo(51200);
    List<TraceEvent> reserve = allocs(t).stream()
        .filter(e -> e.stringField("reserve", "").equals("highatomic")
            && e.stringField("gfp_flags", "").equals("GFP_ATOMIC"))
        .collect(Collectors.toList());
    assertThat(reserve).isNotEmpty()
        .allMatch(e -> e.longField("order", -1) == 2 || e.longField("order", -1) == 3);
    List<TraceEvent> failed = allocs(t).stream()
        .filter(e -> e.stringField("reserve", "").equals("failed")).collect(Collectors.toList());
    assertThat(failed).isNotEmpty().allSatisfy(e -> {
      assertThat(e.stringField("gfp_flags", "")).isEqualTo("GFP_KERNEL|__GFP_NORETRY");
      assertThat(e.longField("order", -1)).isZero();
      // NR_FREE_PAGES is above min: the free HIGHATOMIC pages are what is unusable
      assertThat(e.longField("free_before", -1)).isGreaterThan(e.longField("wmark_min", -1));
      assertThat(e.timeNs()).isGreaterThan(reserve.get(0).timeNs());
    });
  }

  private static List<TraceEvent> run(String tag, Path out, String... extra) throws Exception {
    Path dir = out.resolve(tag);
    List<String> args = new ArrayList<>(List.of("run",
        CliHarness.scenario("imu-reserve-sizing.yaml").toString(), "--out", dir.toString(),
        "--no-report"));
    args.addAll(List.of(extra));
    CliHarness.Result r = CliHarness.run(args.toArray(String[]::new));
    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    return read(dir.resolve("trace.jsonl"));
  }

  private static List<TraceEvent> allocs(List<TraceEvent> t) {
    return t.stream().filter(e -> e.name().equals("mm_page_alloc")).collect(Collectors.toList());
  }

  private static long count(List<TraceEvent> t, String event) {
    return t.stream().filter(e -> e.name().equals(event)).count();
  }

  private static TraceEvent first(List<TraceEvent> t, String event) {
    return t.stream().filter(e -> e.name().equals(event)).findFirst().orElseThrow(
        () -> new AssertionError("no " + event));
  }

  private static List<TraceEvent> trace(String name) throws Exception {
    Path dir = CliHarness.ROOT.resolve("scenarios");
    Path gz = dir.resolve(name + ".golden.jsonl.gz");
    return read(Files.exists(gz) ? gz : dir.resolve(name + ".golden.jsonl"));
  }

  private static List<TraceEvent> read(Path trace) throws Exception {
    List<TraceEvent> events = new ArrayList<>();
    try (TraceReader reader = TraceReader.open(trace)) {
      for (TraceEvent e = reader.next(); e != null; e = reader.next()) {
        events.add(e);
      }
    }
    return events;
  }
}
