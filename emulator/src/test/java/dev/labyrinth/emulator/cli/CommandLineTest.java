package dev.labyrinth.emulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user meets it: help, run, validate, verify, diff, record, exit codes. */
class CommandLineTest {

  private static final Pattern FINGERPRINT = Pattern.compile("fingerprint: (sha256:[0-9a-f]{64})");

  @TempDir
  Path dir;

  private static String fingerprintOf(CliHarness.Result result) {
    Matcher matcher = FINGERPRINT.matcher(result.out());
    assertThat(matcher.find()).as("fingerprint line in %s", result.out()).isTrue();
    return matcher.group(1);
  }

  @Test
  void helpListsEveryCommand() {
    CliHarness.Result result = CliHarness.run("--help");
    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("run", "validate", "verify", "diff", "record");
  }

  @Test
  void everyCommandHasHelp() {
    for (String command : List.of("run", "validate", "verify", "diff", "record")) {
      CliHarness.Result result = CliHarness.run(command, "--help");
      assertThat(result.exitCode()).as(command).isZero();
      assertThat(result.out()).as(command).contains("Usage: labyrinth " + command);
    }
  }

  @Test
  void runWritesTheTraceAndPrintsItsFingerprint() throws IOException {
    Path out = dir.resolve("out");
    CliHarness.Result result = CliHarness.run("run",
        CliHarness.scenario("imu-telemetry.yaml").toString(), "--out", out.toString());
    assertThat(result.exitCode()).as(result.err()).isZero();
    Path trace = out.resolve("trace.jsonl");
    assertThat(trace).isRegularFile();
    assertThat(fingerprintOf(result))
        .isEqualTo(dev.labyrinth.emulator.trace.Fingerprint.of(trace));
    assertThat(result.out()).contains("irq_handler_entry", "trace: " + trace);
    try (var files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("report.html", "trace.jsonl");
    }
  }

  @Test
  void seedAndOverridesChangeTheRunAndAreRecordedInTheHeader() throws IOException {
    String scenario = CliHarness.scenario("imu-telemetry.yaml").toString();
    CliHarness.Result base = CliHarness.run("run", scenario, "--out", dir.resolve("a").toString());
    CliHarness.Result seeded = CliHarness.run("run", scenario, "--out",
        dir.resolve("b").toString(), "--seed", "7", "--set", "duration=50ms");
    assertThat(seeded.exitCode()).as(seeded.err()).isZero();
    assertThat(fingerprintOf(seeded)).isNotEqualTo(fingerprintOf(base));
    String header = Files.readAllLines(dir.resolve("b/trace.jsonl"), StandardCharsets.UTF_8)
        .get(0);
    assertThat(header).contains("\"seed\":7", "\"overrides\":[\"duration=50ms\"]");
  }

  @Test
  void anEventBudgetStopsTheRunCleanlyAndKeepsTheTrace() throws IOException {
    Path out = dir.resolve("budget");
    CliHarness.Result result = CliHarness.run("run",
        CliHarness.scenario("imu-telemetry.yaml").toString(), "--out", out.toString(),
        "--max-events", "10");
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).contains("truncated: the event budget (--max-events 10)");
    List<String> lines = Files.readAllLines(out.resolve("trace.jsonl"), StandardCharsets.UTF_8);
    assertThat(lines.get(lines.size() - 1))
        .contains("\"ev\":\"run_end\",\"reason\":\"step_limit\",\"steps\":10");
  }

  @Test
  void validateAcceptsAShippedScenario() {
    CliHarness.Result result = CliHarness.run("validate",
        CliHarness.scenario("imu-telemetry.yaml").toString());
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).contains("ok");
  }

  @Test
  void aBadScenarioGetsEveryProblemAtOnceWithExitCodeTwo() throws IOException {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, String.join("\n",
        "name: bad",
        "duraton: 200ms",
        "machine:",
        "  cpus: \"4\"",
        "  memory: 1GiB",
        "  memory: 2GiB",
        ""), StandardCharsets.UTF_8);
    List<String[]> commands = List.of(
        new String[] {"run", bad.toString(), "--out", dir.resolve("never").toString()},
        new String[] {"validate", bad.toString()});
    for (String[] args : commands) {
      String command = args[0];
      CliHarness.Result result = CliHarness.run(args);
      assertThat(result.exitCode()).as(command).isEqualTo(2);
      assertThat(result.err()).as(command)
          .contains(bad + ":2:1: duraton: unknown key `duraton`; did you mean `duration`?")
          .contains(bad + ":4:9: machine.cpus: expected an integer")
          .contains(bad + ":6:3: machine.memory: duplicate key `memory`")
          .doesNotContain("Exception", "\tat ");
      assertThat(result.out()).as(command).isEmpty();
    }
    assertThat(dir.resolve("never")).doesNotExist();
  }

  @Test
  void aMissingScenarioIsBadInput() {
    CliHarness.Result result = CliHarness.run("run", dir.resolve("nope.yaml").toString());
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("nope.yaml").doesNotContain("Exception", "\tat ");
  }

  @Test
  void anUnknownOptionIsBadInput() {
    CliHarness.Result result = CliHarness.run("run", "--frobnicate");
    assertThat(result.exitCode()).isEqualTo(2);
  }

  @Test
  void recordThenVerifyPassesAndATamperedGoldenFailsWithTheDivergence() throws IOException {
    Path scenario = dir.resolve("tick.yaml");
    Files.copy(CliHarness.scenario("imu-telemetry.yaml"), scenario);
    CliHarness.Result recorded = CliHarness.run("record", scenario.toString());
    assertThat(recorded.exitCode()).as(recorded.err()).isZero();
    Path golden = dir.resolve("tick.golden.jsonl");
    assertThat(golden).isRegularFile();

    CliHarness.Result verified = CliHarness.run("verify", scenario.toString());
    assertThat(verified.exitCode()).as(verified.out() + verified.err()).isZero();
    assertThat(verified.out()).contains("matches");

    List<String> lines = Files.readAllLines(golden, StandardCharsets.UTF_8);
    int tampered = lines.size() - 2;
    lines.set(tampered, lines.get(tampered).replace("{\"t\":", "{\"t\":9"));
    Files.write(golden, lines, StandardCharsets.UTF_8);
    CliHarness.Result diverged = CliHarness.run("verify", scenario.toString());
    assertThat(diverged.exitCode()).isEqualTo(3);
    int line = tampered + 1;
    assertThat(diverged.out()).contains("first divergence at line " + line, "  - " + line + "  ",
        "  + " + line + "  ");
  }

  @Test
  void diffOfIdenticalAndDifferentTraces() throws IOException {
    String scenario = CliHarness.scenario("imu-telemetry.yaml").toString();
    CliHarness.run("run", scenario, "--out", dir.resolve("a").toString());
    CliHarness.run("run", scenario, "--out", dir.resolve("b").toString());
    CliHarness.run("run", scenario, "--out", dir.resolve("c").toString(), "--seed", "1");
    String a = dir.resolve("a/trace.jsonl").toString();
    CliHarness.Result same = CliHarness.run("diff", a, dir.resolve("b/trace.jsonl").toString());
    assertThat(same.exitCode()).isZero();
    assertThat(same.out()).contains("identical");
    CliHarness.Result different = CliHarness.run("diff", a,
        dir.resolve("c/trace.jsonl").toString());
    assertThat(different.exitCode()).isEqualTo(3);
    assertThat(different.out()).contains("first divergence at line 1");
  }
}
