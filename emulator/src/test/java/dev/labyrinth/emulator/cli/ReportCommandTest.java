package dev.labyrinth.emulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code labyrinth report}, and the report {@code labyrinth run} writes beside its trace. */
class ReportCommandTest {

  @TempDir
  Path dir;

  @Test
  void runWritesTheReportWithTheScenarioAndReplayCommand() throws Exception {
    String scenario = CliHarness.scenario("imu-telemetry.yaml").toString();
    CliHarness.Result run = CliHarness.run("run", scenario, "--out", dir.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    Path report = dir.resolve("report.html");
    assertThat(run.out()).contains("report: " + report);
    String html = Files.readString(report, StandardCharsets.UTF_8);
    assertThat(html).contains("labyrinth run " + scenario + " --seed 42</pre>")
        .contains("(matches <code>" + scenario + "</code>)")
        .contains("name: imu-telemetry").contains("irq 2 (imu)")
        .contains("No page allocations in this trace");
    // The table lists exactly the hits `labyrinth reserves` finds (none in today's trace).
    assertThat(CliHarness.run("reserves", dir.resolve("trace.jsonl").toString()).out())
        .contains("reserve hits: 0; failures: 0");
    assertThat(html).doesNotContain("<tr id=\"row-");
  }

  @Test
  void noReportSkipsIt() {
    CliHarness.Result run = CliHarness.run("run",
        CliHarness.scenario("imu-telemetry.yaml").toString(), "--out", dir.toString(),
        "--no-report");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).doesNotContain("report:");
    assertThat(dir.resolve("report.html")).doesNotExist();
  }

  @Test
  void reportOfASavedTraceIsByteIdenticalAndNamesNoScenarioUnlessGiven() throws Exception {
    Path trace = CliHarness.ROOT.resolve("scenarios/imu-telemetry.golden.jsonl");
    Path first = dir.resolve("a.html");
    Path second = dir.resolve("b.html");
    assertThat(CliHarness.run("report", trace.toString(), "--out", first.toString()).exitCode())
        .isZero();
    assertThat(CliHarness.run("report", trace.toString(), "--out", second.toString())
        .exitCode()).isZero();
    assertThat(Files.readAllBytes(first)).isEqualTo(Files.readAllBytes(second));
    assertThat(Files.readString(first)).contains("labyrinth run &lt;scenario file&gt; --seed 42");
    Path third = dir.resolve("c.html");
    String scenario = CliHarness.scenario("imu-telemetry.yaml").toString();
    assertThat(CliHarness.run("report", trace.toString(), "--out", third.toString(),
        "--scenario", scenario).exitCode()).isZero();
    assertThat(Files.readString(third)).contains("labyrinth run " + scenario + " --seed 42")
        .contains("(matches <code>");
  }

  @Test
  void defaultOutputSitsNextToTheTraceAndBadInputExitsTwo() throws Exception {
    Path trace = Files.copy(CliHarness.ROOT.resolve("scenarios/imu-telemetry.golden.jsonl"),
        dir.resolve("trace.jsonl"));
    assertThat(CliHarness.run("report", trace.toString()).exitCode()).isZero();
    assertThat(dir.resolve("report.html")).exists();
    assertThat(CliHarness.run("report", dir.resolve("missing.jsonl").toString()).exitCode())
        .isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(CliHarness.run("report", trace.toString(), "--scenario",
        dir.resolve("missing.yaml").toString()).exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    Path junk = Files.writeString(dir.resolve("junk.jsonl"), "not json\n");
    assertThat(CliHarness.run("report", junk.toString(), "--out",
        dir.resolve("junk.html").toString()).exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(dir.resolve("junk.html")).doesNotExist();
  }
}
