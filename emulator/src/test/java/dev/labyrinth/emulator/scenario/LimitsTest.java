package dev.labyrinth.emulator.scenario;

import static dev.labyrinth.emulator.scenario.Fixtures.BASE;
import static dev.labyrinth.emulator.scenario.Fixtures.problems;
import static dev.labyrinth.emulator.scenario.Fixtures.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.google.common.collect.ImmutableList;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile or oversized input is refused quickly, with a message naming the limit. */
class LimitsTest {
  @Test
  void twoMebibyteFileIsRefusedBeforeParsing() {
    byte[] big = new byte[2 << 20];
    Arrays.fill(big, (byte) '[');  // would be a nesting bomb if it were ever parsed
    assertThat(Fixtures.problems(big))
        .extracting(Problem::format)
        .containsExactly("t.yaml:1:1: the file is 2097152 bytes; the limit is 1048576 bytes (1MiB)");
  }

  @Test
  void loadChecksTheSizeBeforeReading(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("big.yaml");
    Files.write(file, new byte[ScenarioLoader.MAX_FILE_BYTES + 1]);
    ScenarioException e =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            ScenarioException.class, () -> ScenarioLoader.load(file, List.of()));
    assertThat(e.getMessage()).contains("the file is 1048577 bytes; the limit is 1048576 bytes");
  }

  @Test
  void exactlyOneMebibyteIsAllowed() throws Exception {
    String padding = "#".repeat(ScenarioLoader.MAX_FILE_BYTES - BASE.length() - 1) + "\n";
    byte[] bytes = (BASE + padding).getBytes(StandardCharsets.UTF_8);
    assertThat(bytes).hasSize(ScenarioLoader.MAX_FILE_BYTES);
    assertThat(ScenarioLoader.parse("t.yaml", bytes, List.of()).name()).isEqualTo("base");
  }

  @Test
  void deepNestingIsRefusedAtTheLimit() {
    // Root mapping is depth 1; "machine:" opens 30 nested lists, the 20th of which is depth 21.
    String yaml = "name: x\nmachine: " + "[".repeat(30) + "]".repeat(30) + "\n";
    assertThat(problems(yaml))
        .extracting(Problem::format)
        .containsExactly(
            "t.yaml:2:29: machine" + "[0]".repeat(19)
                + ": nesting is deeper than the limit of 20 levels");
  }

  @Test
  void nestingOfTwentyIsFine() {
    String yaml = BASE + "devices: " + "[".repeat(19) + "]".repeat(19) + "\n";
    assertThat(problems(yaml)).extracting(Problem::message).noneMatch(m -> m.contains("nesting"));
  }

  @Test
  void longStringsAreRefused() {
    String yaml = BASE.replace("name: base", "name: " + "x".repeat(YamlReader.MAX_STRING_CHARS + 1));
    assertThat(single(yaml).format())
        .isEqualTo("t.yaml:1:7: name: string of 65537 characters is longer than the limit of 65536");
  }

  @Test
  void atMost256Devices() {
    StringBuilder yaml = new StringBuilder(BASE).append("devices:\n");
    for (int i = 0; i < 257; i++) {
      yaml.append("  - {name: d").append(i).append(", kind: timer, period: 1ms}\n");
    }
    assertThat(single(yaml.toString()).format())
        .isEqualTo("t.yaml:7:3: devices: has 257 entries; the limit is 256");
  }

  @Test
  void billionLaughsIsRefusedQuicklyWithoutExpansion() {
    ImmutableList<Problem> problems =
        assertTimeoutPreemptively(
            Duration.ofSeconds(5), () -> Fixtures.problems(Fixtures.bytes("billion-laughs.yaml")));
    assertThat(problems.get(0).format())
        .isEqualTo(
            "t.yaml:4:1: lols: unknown key `lols`; expected one of: name, seed, duration, machine, devices, tasks, timeline, kernel, faults");
    assertThat(problems).extracting(Problem::message)
        .anyMatch(m -> m.startsWith("anchors (`&a`) are not allowed"))
        .anyMatch(m -> m.startsWith("aliases (`*h`) are not allowed"));
    // 9 anchors plus 8 lines of 9 aliases, each reported once: nothing was expanded.
    assertThat(problems).hasSize(1 + 9 + 8 * 9);
  }
}
