package dev.labyrinth.emulator.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labyrinth.emulator.mm.RecordingTracer;
import dev.labyrinth.emulator.scenario.Scenario;
import dev.labyrinth.emulator.scenario.ScenarioLoader;
import dev.labyrinth.emulator.sim.Simulation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link ScenarioRun#whenBuilt}, which {@code labyrinth bench} uses to time a run's events apart
 * from its boot: it must fire once per run, after the boot and before the first event, and leave
 * the run's records unchanged.
 */
class ScenarioRunWhenBuiltTest {
  private static final Path ROOT =
      Path.of(System.getProperty("labyrinth.root", "..")).toAbsolutePath().normalize();

  @Test
  void firesOnceBetweenTheBootAndTheFirstEvent() throws Exception {
    Scenario scenario =
        ScenarioLoader.load(ROOT.resolve("scenarios/imu-sensor.yaml"), List.of());
    RecordingTracer tracer = new RecordingTracer();
    List<Integer> recordsAtHook = new ArrayList<>();
    Simulation[] built = new Simulation[1];
    List<Long> stepsAtHook = new ArrayList<>();
    ScenarioRun run = new ScenarioRun(scenario, ScenarioRun.DEFAULT_STEPS_MAX)
        .afterBuild(simulation -> built[0] = simulation)
        .whenBuilt(() -> {
          recordsAtHook.add(tracer.lines.size());
          stepsAtHook.add(built[0].steps());
        });
    run.execute(tracer);

    assertThat(recordsAtHook).hasSize(1);
    assertThat(stepsAtHook).containsExactly(0L);
    List<String> boot = tracer.lines.subList(0, recordsAtHook.get(0));
    assertThat(boot).anyMatch(line -> line.contains("zone_init"));
    assertThat(tracer.lines.size()).isGreaterThan(recordsAtHook.get(0) + 100);

    RecordingTracer plain = new RecordingTracer();
    new ScenarioRun(scenario, ScenarioRun.DEFAULT_STEPS_MAX).execute(plain);
    assertThat(tracer.lines).isEqualTo(plain.lines);
  }
}
