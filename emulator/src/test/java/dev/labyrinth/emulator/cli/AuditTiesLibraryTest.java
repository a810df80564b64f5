package dev.labyrinth.emulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labyrinth.reports.TraceSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code run --audit-ties} over the whole scenario library: shuffling the order of same-instant,
 * same-band events may change the trace bytes, but never the scenario's outcome (reserve hits per
 * tier, failures, warn_alloc, might_sleep, oom_kill, vm_bleed). An outcome that moves would mean
 * a result depends on an order no band makes explicit. Shortened so the library stays fast.
 */
class AuditTiesLibraryTest {

  private static final long[] AUDIT_SEEDS = {1, 0x5EED};
  private static final String DURATION = "duration=20ms";

  @TempDir Path dir;

  static Stream<String> library() throws IOException {
    try (Stream<Path> files = Files.list(CliHarness.ROOT.resolve("scenarios"))) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
          .sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("library")
  void outcomeCountsDoNotDependOnTieOrder(String scenario) throws Exception {
    TreeMap<String, Long> normal = outcome(run(scenario, "normal"));
    for (long seed : AUDIT_SEEDS) {
      Path trace = run(scenario, "audit-" + seed, "--audit-ties=" + seed);
      assertThat(outcome(trace)).as("%s under --audit-ties=%d", scenario, seed)
          .isEqualTo(normal);
    }
  }

  @Test
  void saysTheAuditIsOnAndTakesAnOptionalSeed() {
    String scenario = CliHarness.scenario("might-sleep.yaml").toString();
    CliHarness.Result bare = CliHarness.run("run", scenario, "--audit-ties", "--no-report",
        "--set", "duration=2ms", "--out", dir.resolve("bare").toString());
    assertThat(bare.exitCode()).as(bare.err()).isZero();
    assertThat(bare.out()).contains("audit-ties: seed 1");
    CliHarness.Result bad = CliHarness.run("run", scenario, "--audit-ties=abc",
        "--out", dir.resolve("bad").toString());
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).doesNotContain("\tat ");
  }

  private Path run(String scenario, String name, String... extra) {
    Path out = dir.resolve(scenario + "-" + name);
    List<String> args = new java.util.ArrayList<>(List.of("run",
        CliHarness.scenario(scenario).toString(), "--set", DURATION, "--no-report",
        "--out", out.toString()));
    args.addAll(List.of(extra));
    CliHarness.Result result = CliHarness.run(args.toArray(String[]::new));
    // 3: the CVE scenario's bleed check fails by design; the trace is still written.
    assertThat(result.exitCode()).as(result.err()).isIn(0, 3);
    return out.resolve("trace.jsonl");
  }

  /**
   * The outcome counts, from the reports module's own figures: the allocation lines (total,
   * failed, one per reserve tier, warn_alloc, might_sleep, oom_kill counts) and the record counts
   * of the reporting events, vm_bleed included. OOM victims' names are left out: which task of
   * equal badness dies is itself a tie.
   */
  static TreeMap<String, Long> outcome(Path trace) throws Exception {
    TraceSummary summary = TraceSummary.of(trace);
    TreeMap<String, Long> counts = new TreeMap<>();
    for (String ev : List.of("mm_page_alloc", "warn_alloc", "might_sleep", "oom_kill",
        "vm_bleed")) {
      counts.put("records " + ev, summary.countsByEvent().getOrDefault(ev, 0L));
    }
    counts.put("failures", summary.allocations().failures());
    counts.put("might_sleep", summary.allocations().mightSleep());
    counts.put("vm_bleed", (long) summary.cow().violations().size());
    for (String line : summary.allocations().describe().split("\n")) {
      String l = line.strip();
      if (l.startsWith("reserve ")) {
        int colon = l.lastIndexOf(": ");
        counts.put(l.substring(0, colon), Long.parseLong(l.substring(colon + 2)));
      } else if (l.startsWith("warn_alloc")) {
        counts.put("warn_alloc line", (long) l.hashCode());
      } else if (l.startsWith("oom_kill: ")) {
        counts.put("oom_kill", Long.parseLong(l.substring(10).split(" ")[0]));
      }
    }
    return counts;
  }
}
