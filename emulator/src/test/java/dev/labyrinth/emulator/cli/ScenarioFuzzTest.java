package dev.labyrinth.emulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labyrinth.emulator.cli.FuzzOracle.Verdict;
import dev.labyrinth.emulator.cli.ScenarioMutator.Kind;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes the scenario loader and the run path with thousands of mutated shipped scenarios: every
 * input must end in a well-formed {@code ScenarioException} or a valid scenario that survives a
 * short paranoid run. Fixed seeds keep it reproducible and its runtime bounded; a failure names
 * the mutation class and seed, and leaves the input under {@code target/fuzz-failures/} to be
 * added to the regression corpus.
 *
 * <p>Setting {@code -Dlabyrinth.fuzz.corpus=DIR} also writes one sample of each class there, which
 * is how {@code src/test/resources/fuzz-corpus/} was seeded.
 */
class ScenarioFuzzTest {

  /** Inputs per mutation class and seed. */
  private static final int INPUTS_PER_CLASS = 30;

  /** Seeds; with the classes and inputs above, a few thousand inputs in all. */
  private static final long[] SEEDS = {1, 2, 3};

  private static final String[] OVERRIDES = {
    "machine.cpus=0", "machine.cpus=1", "machine.cpus=100000", "duration=-1ms", "duration=0ns",
    "duration=1ms", "vm.min_free_kbytes=99999999999", "vm.min_free_kbytes=128", "seed=-1",
    "machine.memory=1TiB", "machine.memory=4KiB", "x=", "=", "machine=", "devices=[]",
    "vm.nope=1", "name=\u202E", "machine.cpus=[1]", "duration=&a 1ms", "seed=!!binary AA=="};

  private static FuzzOracle oracle;
  private static List<byte[]> bases;

  @TempDir static Path work;

  @BeforeAll
  static void setUp() throws IOException {
    oracle = new FuzzOracle(20_000);
    bases = new ArrayList<>();
    try (Stream<Path> files = Files.list(CliHarness.ROOT.resolve("scenarios"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        bases.add(Files.readAllBytes(file));
      }
    }
    assertThat(bases).isNotEmpty();
  }

  @AfterAll
  static void tearDown() {
    oracle.close();
  }

  static Stream<Long> seeds() {
    return java.util.Arrays.stream(SEEDS).boxed();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void mutatedScenariosEndInAClearErrorOrAValidRun(long seed) throws IOException {
    ScenarioMutator mutator = new ScenarioMutator(seed, bases);
    SplittableRandom overridePicker = new SplittableRandom(seed ^ 0x5DEECE66DL);
    Map<Verdict, Integer> verdicts = new EnumMap<>(Verdict.class);
    List<String> failures = new ArrayList<>();
    Path corpus = corpusDir();
    for (Kind kind : Kind.values()) {
      for (int i = 0; i < INPUTS_PER_CLASS; i++) {
        byte[] input = mutator.mutate(kind);
        List<String> overrides = i % 5 == 4
            ? List.of(OVERRIDES[overridePicker.nextInt(OVERRIDES.length)]) : List.of();
        String name = kind.name().toLowerCase(java.util.Locale.ROOT) + "-s" + seed + "-" + i
            + ".yaml";
        Path file = FuzzOracle.write(work, name, input);
        try {
          verdicts.merge(oracle.check(file, overrides), 1, Integer::sum);
          if (corpus != null && i == 0 && overrides.isEmpty()) {
            Files.write(corpus.resolve(name), input);
          }
        } catch (AssertionError e) {
          failures.add(name + " " + overrides + ": " + e.getMessage());
          keepFailure(name, input);
        } finally {
          Files.deleteIfExists(file);
        }
      }
    }
    System.out.println("fuzz seed " + seed + ": " + verdicts);
    assertThat(failures).as("inputs that crashed, hung or were reported badly").isEmpty();
    assertThat(verdicts.getOrDefault(Verdict.RAN, 0)).as("valid mutants that ran").isPositive();
    assertThat(verdicts.getOrDefault(Verdict.REJECTED, 0)).as("rejected mutants").isPositive();
  }

  @Test
  void aFileOfTensOfMegabytesIsRefusedBeforeParsing() throws IOException {
    Path file = work.resolve("huge.yaml");
    byte[] chunk = "# padding padding padding padding padding padding padding padding\n"
        .repeat(16_000).getBytes(StandardCharsets.UTF_8);
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(bases.get(0));
      for (int written = 0; written < 40 << 20; written += chunk.length) {
        out.write(chunk);
      }
    }
    assertThat(oracle.check(file, List.of())).isEqualTo(Verdict.REJECTED);
    Files.delete(file);
  }

  private static Path corpusDir() throws IOException {
    String dir = System.getProperty("labyrinth.fuzz.corpus");
    return dir == null ? null : Files.createDirectories(Path.of(dir));
  }

  private static void keepFailure(String name, byte[] input) {
    try {
      Path dir = Files.createDirectories(Path.of("target", "fuzz-failures"));
      Files.write(dir.resolve(name), input);
    } catch (IOException e) {
      // Best effort: the assertion message already names the class and seed.
    }
  }
}
