package dev.labyrinth.emulator.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labyrinth.emulator.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JUnit 5 helper: one dynamic test per scenario, failures that explain themselves. */
class LabyrinthScenariosTest {

  @TempDir
  Path dir;

  private static final Path SCENARIOS = Path.of("..", "scenarios").toAbsolutePath().normalize();

  @Test
  void oneTestPerScenarioSortedAndFailuresCarryTheDivergenceAndItsCause() throws Throwable {
    Files.copy(SCENARIOS.resolve("might-sleep.yaml"), dir.resolve("b.yaml"));
    Files.copy(SCENARIOS.resolve("might-sleep.yaml"), dir.resolve("a.yaml"));
    Files.copy(SCENARIOS.resolve("might-sleep.yaml"), dir.resolve("c.yaml"));
    Files.writeString(dir.resolve("notes.txt"), "not a scenario");
    StringWriter sink = new StringWriter();
    assertThat(Main.execute(new String[] {"record", dir.resolve("a.yaml").toString(),
        dir.resolve("b.yaml").toString()}, new PrintWriter(sink), new PrintWriter(sink)))
        .as(sink.toString()).isZero();
    Path golden = dir.resolve("b.golden.jsonl");
    List<String> lines = Files.readAllLines(golden, StandardCharsets.UTF_8);
    lines.set(5, lines.get(5).replaceFirst("\\{\"t\":\\d+", "{\"t\":1"));
    Files.write(golden, lines, StandardCharsets.UTF_8);

    List<DynamicTest> tests = LabyrinthScenarios.goldenTests(dir).toList();
    assertThat(tests).extracting(DynamicTest::getDisplayName)
        .containsExactly("a.yaml", "b.yaml", "c.yaml");
    tests.get(0).getExecutable().execute();
    assertThatThrownBy(() -> tests.get(1).getExecutable().execute())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("differs from")
        .hasMessageContaining("first divergence at line 6");
    assertThatThrownBy(() -> tests.get(2).getExecutable().execute())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("labyrinth record");
  }

  @Test
  void aFolderWithoutScenariosIsAnError() throws IOException {
    assertThatThrownBy(() -> LabyrinthScenarios.goldenTests(dir))
        .hasMessageContaining("no *.yaml");
  }
}
