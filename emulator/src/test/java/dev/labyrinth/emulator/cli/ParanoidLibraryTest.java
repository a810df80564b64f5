package dev.labyrinth.emulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableList;
import dev.labyrinth.emulator.run.RunFailure;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole scenario library, each with several seeds, passes {@code run --paranoid} (every
 * invariant after every event), shortened so the swarm stays within a bounded time; and the
 * command line reports budgets and violations as documented.
 */
class ParanoidLibraryTest {

  private static final long[] SEEDS = {1, 2, 3, 0x5EED, -7};

  @TempDir Path dir;

  static Stream<List<String>> library() throws IOException {
    List<List<String>> runs = new ArrayList<>();
    try (Stream<Path> files = Files.list(CliHarness.ROOT.resolve("scenarios"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        for (long seed : SEEDS) {
          runs.add(List.of(file.getFileName().toString(), Long.toString(seed)));
        }
      }
    }
    return runs.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("library")
  void passesUnderParanoia(List<String> run) {
    CliHarness.Result result = CliHarness.run("run", CliHarness.scenario(run.get(0)).toString(),
        "--paranoid", "--seed", run.get(1), "--set", "duration=3ms", "--no-report",
        "--out", dir.toString());
    assertThat(result.out()).contains("fingerprint: sha256:");
    if (run.get(0).equals("cve-2020-29374.yaml")) {
      // The one scenario built to leak: its bleed check fails (exit 3), its invariants hold.
      assertThat(result.exitCode()).as(result.err()).isEqualTo(3);
      assertThat(result.err()).contains("bleed check failed").doesNotContain("invariant");
    } else {
      assertThat(result.exitCode()).as(result.err()).isZero();
    }
  }

  @Test
  void aTraceBudgetStopsTheRunAndSaysSo() throws IOException {
    CliHarness.Result result = CliHarness.run("run",
        CliHarness.scenario("imu-telemetry.yaml").toString(), "--set", "duration=60s",
        "--max-trace-bytes", "64KiB",
        "--out", dir.toString());
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).contains("stopped: trace_limit")
        .contains("truncated: the trace reached its size limit (--max-trace-bytes 65536)");
    List<String> lines = Files.readAllLines(dir.resolve("trace.jsonl"));
    assertThat(lines.get(lines.size() - 1)).contains("\"ev\":\"run_end\",\"reason\":\"trace_limit\"");
    assertThat(dir.resolve("report.html")).exists();
  }

  @Test
  void anInvariantViolationPrintsWhereAndTheLastRecordsWithExitThree() {
    RunFailure failure = new RunFailure("invariant 'mm' failed", 42, 1234, 5_000_000, "mm",
        ImmutableList.of("t=4999000 ev=mm_page_alloc pfn=0x1000", "t=5000000 ev=irq_handler_entry"),
        new com.google.common.base.VerifyException("free_pages 17 != 16"));
    StringWriter err = new StringWriter();
    int code = RunFailures.print(failure, new PrintWriter(err));
    assertThat(code).isEqualTo(ExitCodes.CHECK_FAILED);
    assertThat(err.toString())
        .contains("invariant 'mm' violated at step 1234, time 5000000 ns, seed 42")
        .contains("free_pages 17 != 16")
        .contains("last 2 trace records:\n    t=4999000 ev=mm_page_alloc pfn=0x1000")
        .contains("--seed 42 --max-events 1234 --paranoid")
        .doesNotContain("\tat ");
  }

  @Test
  void aCrashedEventIsAnInternalError() {
    RunFailure failure = new RunFailure("event threw", 1, 2, 3, "", ImmutableList.of(),
        new IllegalStateException("boom"));
    StringWriter err = new StringWriter();
    assertThat(RunFailures.print(failure, new PrintWriter(err))).isEqualTo(
        ExitCodes.INTERNAL_ERROR);
    assertThat(err.toString()).contains("internal error: an event crashed at step 2");
  }

  @Test
  void validateRefusesWhatRunWouldForItsDuration() {
    CliHarness.Result result = CliHarness.run("validate",
        CliHarness.scenario("imu-telemetry.yaml").toString(), "--set", "duration=7200s");
    assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(result.err()).contains("duration").contains("--max-duration 7200s");
    assertThat(CliHarness.run("validate", CliHarness.scenario("imu-telemetry.yaml").toString(),
        "--set", "duration=7200s", "--max-duration", "3h").exitCode()).isZero();
  }
}
