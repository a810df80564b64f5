package dev.labyrinth.emulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labyrinth.emulator.scenario.Scenario;
import dev.labyrinth.emulator.scenario.ScenarioLoader;
import dev.labyrinth.reports.reserves.ReserveAnalysis;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The in-memory analysis of a sweep run equals what the saved trace gives. */
class SweepFiguresTest {

  @Test
  void inMemoryFiguresEqualTheSavedTracesAnalysis(@TempDir Path dir) throws Exception {
    Scenario scenario = ScenarioLoader.load(CliHarness.scenario("imu-sensor.yaml"),
        List.of("vm.min_free_kbytes=128")).withSeed(3);
    TracedRun saved = TracedRun.write(scenario, dir.resolve("trace.jsonl"));
    RunSpec spec = new RunSpec(0, 3, com.google.common.collect.ImmutableList.of(
        "vm.min_free_kbytes=128"), com.google.common.collect.ImmutableList.of());
    SweepResult swept = new SweepRunner(CliHarness.scenario("imu-sensor.yaml"),
        FailCondition.DEFAULT, 1_000_000_000L).runOne(spec);

    assertThat(swept.figures().fingerprint()).isEqualTo(saved.fingerprint());
    ReserveAnalysis fromFile = ReserveAnalysis.of(dir.resolve("trace.jsonl"));
    assertThat(swept.figures().reserves()).isEqualTo(fromFile);
    assertThat(swept.figures().tier("failed")).isEqualTo(fromFile.failures()).isPositive();
    assertThat(swept.figures().count(RunFigures.IRQ_FAILURES)).isPositive();
  }
}
