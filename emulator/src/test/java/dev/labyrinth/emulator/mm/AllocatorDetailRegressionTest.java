package dev.labyrinth.emulator.mm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labyrinth.emulator.regress.GoldenCheck;
import dev.labyrinth.emulator.scenario.Scenario;
import dev.labyrinth.emulator.scenario.ScenarioLoader;
import dev.labyrinth.emulator.trace.Ingredients;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The regression workflow's promise (issue 8): changing one allocator detail, here the tail
 * placement of freed blocks that {@code buddy_merge_likely()} asks for, makes a shipped scenario's
 * golden check fail, and the report names the first changed event and the earlier events that
 * touched the same pages.
 */
class AllocatorDetailRegressionTest {

  private static final Path ROOT =
      Path.of(System.getProperty("labyrinth.root", "..")).toAbsolutePath().normalize();

  @Test
  void headInsteadOfTailPlacementFailsVerifyAndPointsAtTheCause() throws Exception {
    Path file = ROOT.resolve("scenarios/atomic-exhaustion.yaml");
    Path golden = ROOT.resolve("scenarios/atomic-exhaustion.golden.jsonl.gz");
    Scenario scenario = ScenarioLoader.load(file, List.of());

    GoldenCheck.Result unchanged =
        GoldenCheck.check(scenario, golden, Optional.empty(), Ingredients.ALL);
    assertThat(unchanged.passed()).as(unchanged.report()).isTrue();

    GoldenCheck.Result changed;
    FreeArea.headPlacementOnlyForTest = true;
    try {
      changed = GoldenCheck.check(scenario, golden, Optional.empty(), Ingredients.ALL);
    } finally {
      FreeArea.headPlacementOnlyForTest = false;
    }
    assertThat(changed.passed()).isFalse();
    assertThat(changed.report())
        .contains("first divergence at line")
        .contains("cause: earlier records touching the same pfn")
        .contains("mm_page_");
  }
}
