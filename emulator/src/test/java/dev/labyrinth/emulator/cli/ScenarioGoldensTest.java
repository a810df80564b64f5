package dev.labyrinth.emulator.cli;

import dev.labyrinth.emulator.junit.LabyrinthScenarios;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every scenario shipped in {@code scenarios/} reproduces its golden trace byte for byte; a
 * mismatch fails with the first diverging event and its cause. Goldens change only through
 * {@code labyrinth record}, on purpose. This is the README's JUnit 5 example, run as written.
 */
class ScenarioGoldensTest {

  @TestFactory
  Stream<DynamicTest> everyShippedScenarioMatchesItsGolden() {
    return LabyrinthScenarios.goldenTests(CliHarness.ROOT.resolve("scenarios"));
  }
}
