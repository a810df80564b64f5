package dev.labyrinth.emulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labyrinth.emulator.trace.Checkpoints;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every shipped checkpoint sidecar still describes its golden: {@code verify} ignores a stale one
 * and compares every line, so without this test a stale sidecar would go unnoticed.
 */
class ShippedCheckpointsTest {

  @Test
  void everySidecarMatchesItsGolden() throws IOException {
    Path scenarios = CliHarness.ROOT.resolve("scenarios");
    List<Path> sidecars;
    try (Stream<Path> files = Files.list(scenarios)) {
      sidecars = files.filter(p -> p.toString().endsWith(".golden.checkpoints")).sorted().toList();
    }
    assertThat(sidecars).isNotEmpty();
    for (Path sidecar : sidecars) {
      String base = sidecar.getFileName().toString().replace(".golden.checkpoints", "");
      Path golden = Goldens.beside(scenarios.resolve(base + ".yaml"));
      Checkpoints stored = Checkpoints.parse(Files.readAllLines(sidecar, StandardCharsets.UTF_8));
      assertThat(Checkpoints.of(golden, stored.windowLines()).describing(golden))
          .as(sidecar + " (re-record with `labyrinth record`)").isEqualTo(stored);
    }
  }
}
