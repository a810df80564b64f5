package dev.labyrinth.emulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Bugs the scenario fuzzer ({@code cli.ScenarioFuzzTest}) found, each pinned by its smallest
 * input: each must now be a clear {@code file:line:col: path: message} problem.
 */
class FuzzFindingsTest {

  private static final String MACHINE =
      "name: x\nduration: 1ms\nmachine:\n  cpus: 1\n  memory: 64MiB\n";

  private static List<String> problems(String yaml) {
    ScenarioException e = catchThrowableOfType(
        () -> ScenarioLoader.parse("f.yaml", yaml.getBytes(StandardCharsets.UTF_8), List.of()),
        ScenarioException.class);
    assertThat(e).as("a ScenarioException for:\n" + yaml).isNotNull();
    return e.problems().stream().map(Problem::format).toList();
  }

  /** Jackson 2.23 ended the token stream inside a flow mapping: a NullPointerException. */
  @Test
  void aTaggedDashInAFlowMappingIsAProblemNotANullPointer() {
    assertThat(problems("name: x\nmachine:\n  zones:\n    - {name: !!int -, managed_pages: 1}\n"))
        .anySatisfy(p -> assertThat(p).startsWith("f.yaml:4:").contains("invalid YAML"));
  }

  /** A hold of Long.MAX_VALUE ns overflowed the emulated clock mid-run (SimulationFailure). */
  @Test
  void aTimeBeyondThirtyDaysIsRefused() {
    String yaml = MACHINE + "tasks:\n  - name: t\n    steps:\n"
        + "      - alloc: {order: 0, gfp: GFP_KERNEL, hold: 9223372036854775807ns}\n";
    assertThat(problems(yaml)).singleElement().satisfies(p -> assertThat(p)
        .startsWith("f.yaml:9:").contains("tasks[0].steps[0].alloc.hold"));
  }
}
