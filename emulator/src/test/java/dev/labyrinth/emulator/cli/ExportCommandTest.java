package dev.labyrinth.emulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code labyrinth export} and {@code labyrinth reserves} on a shipped scenario's trace. */
class ExportCommandTest {

  @TempDir
  static Path dir;

  private static Path trace;

  @BeforeAll
  static void runScenario() {
    CliHarness.Result run = CliHarness.run("run",
        CliHarness.scenario("imu-telemetry.yaml").toString(), "--out", dir.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    trace = dir.resolve("trace.jsonl");
  }

  @Test
  void everyFormatIsByteIdenticalAcrossExports() throws Exception {
    for (String format : new String[] {"chrome", "ftrace"}) {
      Path first = dir.resolve("a." + format);
      Path second = dir.resolve("b." + format);
      assertThat(CliHarness.run("export", trace.toString(), "--format", format, "--out",
          first.toString()).exitCode()).isZero();
      assertThat(CliHarness.run("export", trace.toString(), "--format", format, "--out",
          second.toString()).exitCode()).isZero();
      assertThat(Files.readAllBytes(first)).isEqualTo(Files.readAllBytes(second));
    }
    assertThat(CliHarness.run("export", trace.toString(), "--format", "csv").exitCode()).isZero();
    Path csv = dir.resolve("trace.csv");
    assertThat(csv.resolve("irq_handler_entry.csv")).exists();
    try (Stream<Path> files = Files.list(csv)) {
      assertThat(files).noneMatch(file -> file.getFileName().toString().endsWith(".tmp"));
    }
  }

  @Test
  void defaultOutputSitsNextToTheTrace() {
    assertThat(CliHarness.run("export", trace.toString(), "--format", "ftrace").out())
        .contains("trace.ftrace.txt");
    assertThat(dir.resolve("trace.ftrace.txt")).exists();
  }

  @Test
  void badInputExitsWithTwo() throws Exception {
    assertThat(CliHarness.run("export", dir.resolve("missing.jsonl").toString(), "--format",
        "chrome").exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    Path junk = Files.writeString(dir.resolve("junk.jsonl"), "not json\n");
    assertThat(CliHarness.run("export", junk.toString(), "--format", "chrome", "--out",
        dir.resolve("junk.json").toString()).exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(dir.resolve("junk.json")).doesNotExist();
    assertThat(CliHarness.run("export", trace.toString(), "--format", "pdf").exitCode())
        .isEqualTo(ExitCodes.BAD_INPUT);
  }

  @Test
  void reservesPrintsTheAnalysis() {
    CliHarness.Result result = CliHarness.run("reserves", trace.toString());
    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).startsWith("reserves: imu-telemetry (seed 42)\n")
        .contains("lowest free pages per zone");
    assertThat(CliHarness.run("reserves", trace.toString(), "--format", "json").out())
        .contains("\"scenario\" : \"imu-telemetry\"");
  }
}
