package dev.labyrinth.emulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays the fuzz regression corpus: inputs that once crashed the loader or the run path
 * ({@code found-*}: each names the bug it found) and a sample of every mutation class. Each must
 * end in a well-formed scenario error or a short paranoid run, as in {@link ScenarioFuzzTest}.
 */
class FuzzCorpusTest {

  private static final Path CORPUS =
      CliHarness.ROOT.resolve("emulator/src/test/resources/fuzz-corpus");

  private static FuzzOracle oracle;

  @BeforeAll
  static void setUp() {
    oracle = new FuzzOracle(20_000);
  }

  @AfterAll
  static void tearDown() {
    oracle.close();
  }

  static Stream<Path> corpus() throws IOException {
    try (Stream<Path> files = Files.list(CORPUS)) {
      List<Path> all = files.sorted().toList();
      assertThat(all).hasSizeGreaterThan(20);
      return all.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void endsInAClearErrorOrAValidRun(Path input) {
    oracle.check(input, List.of());
  }
}
