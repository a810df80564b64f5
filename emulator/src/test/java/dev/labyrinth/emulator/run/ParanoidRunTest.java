package dev.labyrinth.emulator.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.base.VerifyException;
import com.google.common.collect.ImmutableList;
import dev.labyrinth.emulator.scenario.Scenario;
import dev.labyrinth.emulator.scenario.ScenarioLoader;
import dev.labyrinth.emulator.sim.Band;
import dev.labyrinth.emulator.trace.CanonicalTraceWriter;
import dev.labyrinth.emulator.trace.TraceHeader;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A paranoid run stops at the first broken invariant with the seed, step, time, the invariant's
 * name and the last trace records; a trace budget ends the trace cleanly with {@code trace_limit}.
 * Violations are injected through {@link ScenarioRun}'s package-private test hook.
 */
class ParanoidRunTest {

  private static final Path ROOT =
      Path.of(System.getProperty("labyrinth.root", "..")).toAbsolutePath().normalize();

  private static Scenario mightSleep() throws Exception {
    return ScenarioLoader.load(ROOT.resolve("scenarios/might-sleep.yaml"), List.of());
  }

  private static CanonicalTraceWriter writer(Scenario scenario, ByteArrayOutputStream out) {
    return new CanonicalTraceWriter(out, new TraceHeader(scenario.name(),
        scenario.sourceSha256(), scenario.seed(), ImmutableList.of()));
  }

  @Test
  void aBrokenInvariantStopsTheRunWithItsSeedStepTimeAndLastRecords() throws Exception {
    Scenario scenario = mightSleep();
    ScenarioRun run = new ScenarioRun(scenario, 1_000_000, true).afterBuild(simulation ->
        simulation.addInvariantCheck("injected-free-count", () -> {
          if (simulation.steps() == 40) {
            throw new VerifyException("free_pages 17 != sum of free lists 16");
          }
        }));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    RunFailure failure = catchThrowableOfType(() -> run.execute(writer(scenario, out)),
        RunFailure.class);
    assertThat(failure).isNotNull();
    assertThat(failure.isInvariantViolation()).isTrue();
    assertThat(failure.invariant()).isEqualTo("injected-free-count");
    assertThat(failure.step()).isEqualTo(40);
    assertThat(failure.seed()).isEqualTo(scenario.seed());
    assertThat(failure.timeNs()).isPositive();
    assertThat(failure.getCause()).hasMessageContaining("free_pages 17");
    assertThat(failure.lastRecords()).hasSize(ScenarioRun.LAST_RECORDS)
        .allSatisfy(r -> assertThat(r).startsWith("t=").contains(" ev="));
    assertThat(failure.getMessage()).contains("step 40").contains("root seed 1");
  }

  @Test
  void anEventThatCrashesIsNotAnInvariantViolation() throws Exception {
    Scenario scenario = mightSleep();
    ScenarioRun run = new ScenarioRun(scenario, 1_000_000, false).afterBuild(simulation ->
        simulation.schedule(1_000, Band.CONTROL, (timeNs, arg) -> {
          throw new IllegalStateException("corrupting action");
        }, 0));
    RunFailure failure = catchThrowableOfType(
        () -> run.execute(writer(scenario, new ByteArrayOutputStream())), RunFailure.class);
    assertThat(failure.isInvariantViolation()).isFalse();
    assertThat(failure.timeNs()).isEqualTo(1_000);
    assertThat(failure.lastRecords()).isEmpty();
  }

  @Test
  void theWholeScenarioPassesUnderParanoia() throws Exception {
    Scenario scenario = mightSleep();
    RunOutcome outcome = new ScenarioRun(scenario, 1_000_000, true)
        .execute(writer(scenario, new ByteArrayOutputStream()));
    assertThat(outcome.steps()).isPositive();
  }

  @Test
  void aTraceBudgetEndsTheTraceCleanlyWithTraceLimit() throws Exception {
    Scenario scenario = mightSleep();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CanonicalTraceWriter writer = writer(scenario, out);
    RunOutcome outcome = new ScenarioRun(scenario, new RunBudget(1_000_000, 20_000), false)
        .execute(writer, writer::byteCount);
    writer.finish();
    String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
    ObjectMapper json = new ObjectMapper();
    for (String line : lines) {
      json.readTree(line);
    }
    JsonNode last = json.readTree(lines[lines.length - 1]);
    assertThat(last.get("ev").asText()).isEqualTo("run_end");
    assertThat(last.get("reason").asText()).isEqualTo("trace_limit");
    assertThat(outcome.detail()).isEqualTo(ScenarioRun.TRACE_LIMIT);
    assertThat(out.size()).isBetween(20_000, 40_000);
    assertThat(outcome.endNs()).isLessThan(scenario.durationNs());
  }

  @Test
  void aBudgetSmallerThanTheBootRecordsRunsNoEvent() throws Exception {
    Scenario scenario = mightSleep();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CanonicalTraceWriter writer = writer(scenario, out);
    RunOutcome outcome = new ScenarioRun(scenario, new RunBudget(1_000_000, 10), false)
        .execute(writer, writer::byteCount);
    writer.finish();
    assertThat(outcome.steps()).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).endsWith(
        "{\"t\":0,\"ev\":\"run_end\",\"reason\":\"trace_limit\",\"steps\":0}\n");
  }

  /** The hook is package-private: a test seam, not API. */
  @Test
  void theTestHookIsNotPublic() throws Exception {
    assertThat(java.lang.reflect.Modifier.isPublic(
        ScenarioRun.class.getDeclaredMethod("afterBuild", java.util.function.Consumer.class)
            .getModifiers())).isFalse();
  }

}
