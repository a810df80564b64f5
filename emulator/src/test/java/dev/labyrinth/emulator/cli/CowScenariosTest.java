package dev.labyrinth.emulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labyrinth.emulator.run.RunOutcome;
import dev.labyrinth.emulator.run.ScenarioRun;
import dev.labyrinth.emulator.scenario.ScenarioLoader;
import dev.labyrinth.emulator.sim.StopReason;
import dev.labyrinth.emulator.sim.Tracer;
import dev.labyrinth.reports.TraceEvent;
import dev.labyrinth.reports.TraceReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The cow.c ports and the CVE-2020-29374 scenario in {@code scenarios/}: each one's expected
 * outcome, read from its golden trace (which {@link ScenarioGoldensTest} proves the run
 * reproduces), plus one run of each with every invariant checked after every event.
 */
class CowScenariosTest {

  @Test
  @DisplayName("Basic COW after fork(): the parent's writes copy, the child reads the old data")
  void basicCow() throws Exception {
    List<TraceEvent> t = trace("cow-basic");
    assertThat(faults(t)).containsExactly("1000 write new", "1000 write new", "1000 write new",
        "1000 write new", "1000 write copy", "1000 write copy", "1000 write copy",
        "1000 write copy");
    assertThat(first(t, "vm_fork").longField("shared", -1)).isEqualTo(4);
    assertNoBleedAndPasses("cow-basic", t);
  }

  @Test
  @DisplayName("Basic COW after fork() with mprotect() optimization: the write still copies")
  void basicCowMprotect() throws Exception {
    List<TraceEvent> t = trace("cow-basic-mprotect");
    assertThat(faults(t)).filteredOn(f -> f.endsWith("copy")).hasSize(4);
    assertThat(faults(t)).noneMatch(f -> f.endsWith("reuse"));
    assertNoBleedAndPasses("cow-basic-mprotect", t);
  }

  @Test
  @DisplayName("vmsplice() + unmap in child: the parent's write copies; the pipe keeps old data")
  void vmspliceUnmapInChild() throws Exception {
    List<TraceEvent> t = trace("cow-vmsplice-unmap-child");
    assertThat(faults(t)).containsExactly("1000 write new", "1000 write copy");
    assertThat(first(t, "vm_pin").stringField("kind", "")).isEqualTo("vmsplice");
    assertNoBleedAndPasses("cow-vmsplice-unmap-child", t);
  }

  @Test
  @DisplayName("vmsplice() before fork(), unmap in parent after fork(): the child's write copies")
  void vmspliceBeforeFork() throws Exception {
    List<TraceEvent> t = trace("cow-vmsplice-before-fork");
    assertThat(faults(t)).containsExactly("1000 write new", "1001 write copy");
    assertNoBleedAndPasses("cow-vmsplice-before-fork", t);
  }

  @Test
  @DisplayName("fork() with an iouring fixed buffer: fork copies the pinned page eagerly")
  void iouringFork() throws Exception {
    List<TraceEvent> t = trace("cow-iouring-fork");
    TraceEvent fork = first(t, "vm_fork");
    assertThat(fork.longField("copied", -1)).isEqualTo(1);
    assertThat(fork.longField("shared", -1)).isZero();
    assertThat(faults(t)).containsExactly("1000 write new"); // the later write needs no fault
    assertNoBleedAndPasses("cow-iouring-fork", t);
  }

  @Test
  @DisplayName("R/O GUP pin on R/O-mapped shared page: the pin unshares, the write reuses")
  void roPinShared() throws Exception {
    List<TraceEvent> t = trace("cow-ro-pin-shared");
    assertThat(faults(t)).containsExactly("1000 write new", "1000 unshare unshare_copy",
        "1000 write reuse");
    assertThat(first(t, "vm_pin").longField("unshared", -1)).isEqualTo(1);
    assertNoBleedAndPasses("cow-ro-pin-shared", t);
  }

  @Test
  @DisplayName("R/O GUP pin on R/O-mapped exclusive page: no unshare, the write reuses")
  void roPinExclusive() throws Exception {
    List<TraceEvent> t = trace("cow-ro-pin-exclusive");
    assertThat(faults(t)).containsExactly("1000 write new", "1000 write reuse");
    assertThat(first(t, "vm_pin").longField("unshared", -1)).isZero();
    assertNoBleedAndPasses("cow-ro-pin-exclusive", t);
  }

  @Test
  @DisplayName("CVE-2020-29374 with kernel.cow_bug: the reuse leaks, the checker catches it")
  void cveIsCaught() throws Exception {
    List<TraceEvent> t = trace("cve-2020-29374");
    assertThat(faults(t)).containsExactly("1000 write new", "1000 write reuse");
    TraceEvent bleed = first(t, "vm_bleed");
    assertThat(bleed.stringField("kind", "")).isEqualTo("leak");
    assertThat(bleed.longField("reader", 0)).isEqualTo(1001);
    assertThat(bleed.longField("writer", 0)).isEqualTo(1000);
    assertThat(bleed.stringField("via", "")).isEqualTo("pin 1");
    CliHarness.Result r = CliHarness.run("run", scenario("cve-2020-29374").toString(), "--out",
        CliHarness.ROOT.resolve("emulator/target/cow-scenarios/cve").toString(), "--no-report");
    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(3);
    assertThat(r.err()).contains("bleed check failed: leak").contains("pid 1001")
        .contains("pid 1000 -> pid 1001");
    assertThat(r.out()).contains("bleed violations: 1");
  }

  @Test
  @DisplayName("the CVE program with the switch off copies and passes")
  void cveFixedPasses() throws Exception {
    List<TraceEvent> t = trace("cve-2020-29374-fixed");
    assertThat(faults(t)).containsExactly("1000 write new", "1000 write copy");
    assertNoBleedAndPasses("cve-2020-29374-fixed", t);
  }

  private static void assertNoBleedAndPasses(String name, List<TraceEvent> t) throws Exception {
    assertThat(t).noneMatch(e -> e.name().equals("vm_bleed"));
    assertThat(t).anyMatch(e -> e.name().equals("vm_vmstat") && e.longField("bleed", -1) == 0);
    RunOutcome paranoid = new ScenarioRun(ScenarioLoader.load(scenario(name), List.of()),
        ScenarioRun.DEFAULT_STEPS_MAX, true).execute(Tracer.OFF);
    assertThat(paranoid.reason()).as(paranoid.detail())
        .isIn(StopReason.QUEUE_EMPTY, StopReason.TIME_LIMIT); // an invariant failure throws
  }

  private static List<String> faults(List<TraceEvent> t) {
    return t.stream().filter(e -> e.name().equals("vm_fault"))
        .map(e -> String.format(Locale.ROOT, "%d %s %s", e.longField("proc", 0),
            e.stringField("kind", ""), e.stringField("outcome", "")))
        .collect(Collectors.toList());
  }

  private static TraceEvent first(List<TraceEvent> t, String event) {
    return t.stream().filter(e -> e.name().equals(event)).findFirst().orElseThrow(
        () -> new AssertionError("no " + event));
  }

  private static Path scenario(String name) {
    return CliHarness.ROOT.resolve("scenarios").resolve(name + ".yaml");
  }

  private static List<TraceEvent> trace(String name) throws Exception {
    List<TraceEvent> events = new ArrayList<>();
    try (TraceReader reader = TraceReader.open(
        CliHarness.ROOT.resolve("scenarios").resolve(name + ".golden.jsonl"))) {
      for (TraceEvent e = reader.next(); e != null; e = reader.next()) {
        events.add(e);
      }
    }
    return events;
  }
}
