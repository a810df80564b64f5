package dev.labyrinth.emulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.common.collect.ImmutableList;
import com.google.common.io.Resources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Shared helpers: fixture bytes and "parse this and give me the problems". */
final class Fixtures {
  private Fixtures() {}

  static byte[] bytes(String resource) {
    try {
      return Resources.toByteArray(Resources.getResource("scenario/" + resource));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Scenario parse(String yaml, String... overrides) throws ScenarioException {
    return ScenarioLoader.parse("t.yaml", yaml.getBytes(StandardCharsets.UTF_8), List.of(overrides));
  }

  /** The problems of a scenario that must fail. */
  static ImmutableList<Problem> problems(String yaml, String... overrides) {
    return problems(yaml.getBytes(StandardCharsets.UTF_8), overrides);
  }

  static ImmutableList<Problem> problems(byte[] yaml, String... overrides) {
    ScenarioException e =
        catchThrowableOfType(
            ScenarioException.class,
            () -> ScenarioLoader.parse("t.yaml", yaml, List.of(overrides)));
    assertThat(e).as("expected the scenario to be rejected").isNotNull();
    for (Problem p : e.problems()) {
      assertNoJavaLeak(p.format());
    }
    assertNoJavaLeak(e.getMessage());
    return e.problems();
  }

  /** The single problem of a scenario that must fail with exactly one. */
  static Problem single(String yaml, String... overrides) {
    ImmutableList<Problem> problems = problems(yaml, overrides);
    assertThat(problems).as("problems").hasSize(1);
    return problems.get(0);
  }

  /** No Java class name, exception name or stack frame may reach a user. */
  static void assertNoJavaLeak(String message) {
    assertThat(message)
        .doesNotContainPattern("\\b(java|javax|com|org|dev)\\.[a-z]+\\.")
        .doesNotContainPattern("[A-Za-z]+(Exception|Error)\\b")
        .doesNotContain("\tat ")
        .doesNotContain("Constraints");
  }

  /** A valid scenario with one line replaced by the caller's, for one-problem tests. */
  static final String BASE =
      "name: base\n"
          + "duration: 200ms\n"
          + "machine:\n"
          + "  cpus: 4\n"
          + "  memory: 1GiB\n";
}
