package dev.labyrinth.emulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labyrinth.reports.TraceEvent;
import dev.labyrinth.reports.TraceReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives the vm's blocked-fault path end to end, which no shipped scenario reaches: a fork and a
 * COW write fault whose allocations must enter direct reclaim trace outcome {@code retry}, the
 * task sleeps in state D between its {@code mm_vmscan_direct_reclaim_begin} and {@code _end}, and
 * the repeated operation then completes. The run is {@code --paranoid}, so every vm and allocator
 * invariant holds after every event (a failure would stop the run with a non-zero exit), and the
 * bleed checker stays silent across the undone-and-repeated operations.
 */
class VmFaultRetryTest {

  static final Path SCENARIO =
      CliHarness.ROOT.resolve("emulator/src/test/resources/vm/fault-retry.yaml");

  @TempDir
  Path dir;

  @Test
  void blockedFaultsSleepInReclaimThenCompleteWithInvariantsIntact() throws Exception {
    CliHarness.Result run = CliHarness.run("run", SCENARIO.toString(), "--out", dir.toString(),
        "--paranoid", "--no-report");
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains("bleed violations: 0");
    List<TraceEvent> t = read(dir.resolve("trace.jsonl"));
    assertThat(t).noneMatch(e -> e.name().equals("vm_bleed"));

    int retry = indexOf(t, 0, e -> e.name().equals("vm_fault")
        && e.stringField("outcome", "").equals("retry"));
    TraceEvent fault = t.get(retry);
    long pid = fault.longField("pid", -1);
    String address = fault.stringField("address", "");
    assertThat(fault.stringField("kind", "")).isEqualTo("write");
    int begin = lastBefore(t, retry, e -> e.name().equals("mm_vmscan_direct_reclaim_begin")
        && e.longField("pid", -2) == pid);
    assertThat(t.get(begin).stringField("gfp_flags", "")).startsWith("GFP_HIGHUSER_MOVABLE");
    int sleep = indexOf(t, retry, e -> e.name().equals("sched_switch")
        && e.longField("prev_pid", -2) == pid);
    assertThat(t.get(sleep).stringField("prev_state", "")).isEqualTo("D");
    int end = indexOf(t, retry, e -> e.name().equals("mm_vmscan_direct_reclaim_end")
        && e.longField("pid", -2) == pid);
    assertThat(t.get(end).longField("nr_reclaimed", 0)).isPositive();
    int done = indexOf(t, end, e -> e.name().equals("vm_fault")
        && e.longField("pid", -2) == pid && e.stringField("address", "").equals(address));
    assertThat(t.get(done).stringField("outcome", "")).isIn("copy", "new");
    assertThat(t.get(done).timeNs()).isGreaterThanOrEqualTo(
        t.get(end).timeNs());

    int fork = indexOf(t, 0, e -> e.name().equals("vm_fork"));
    assertThat(t.get(fork).stringField("outcome", "")).isEqualTo("retry");
    assertThat(t.get(indexOf(t, fork + 1, e -> e.name().equals("vm_fork")))
        .stringField("outcome", "")).isEqualTo("ok");
    assertThat(t).filteredOn(e -> e.name().equals("vm_exit")).hasSize(2);
  }

  private static int indexOf(List<TraceEvent> t, int from,
      Predicate<TraceEvent> p) {
    for (int i = from; i < t.size(); i++) {
      if (p.test(t.get(i))) {
        return i;
      }
    }
    throw new AssertionError("no matching event after #" + from);
  }

  private static int lastBefore(List<TraceEvent> t, int before,
      Predicate<TraceEvent> p) {
    for (int i = before - 1; i >= 0; i--) {
      if (p.test(t.get(i))) {
        return i;
      }
    }
    throw new AssertionError("no matching event before #" + before);
  }

  static List<TraceEvent> read(Path trace) throws Exception {
    List<TraceEvent> events = new ArrayList<>();
    try (TraceReader reader = TraceReader.open(trace)) {
      for (TraceEvent e = reader.next(); e != null; e = reader.next()) {
        events.add(e);
      }
    }
    return events;
  }
}
