package dev.labyrinth.emulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every scenario shipped in {@code scenarios/} reproduces its golden trace byte for byte; a
 * mismatch fails with the first diverging event. Goldens change only through
 * {@code labyrinth record}, on purpose.
 */
class ScenarioGoldensTest {

  @TestFactory
  Stream<DynamicTest> everyShippedScenarioMatchesItsGolden() throws IOException {
    Path scenarios = CliHarness.ROOT.resolve("scenarios");
    try (Stream<Path> files = Files.list(scenarios)) {
      java.util.List<Path> yaml = files.filter(p -> p.toString().endsWith(".yaml")).sorted()
          .toList();
      assertThat(yaml).as("shipped scenarios").isNotEmpty();
      return yaml.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(),
          () -> {
            assertThat(Goldens.beside(file)).as("golden beside " + file).isRegularFile();
            CliHarness.Result result = CliHarness.run("verify", file.toString());
            assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
          }));
    }
  }
}
