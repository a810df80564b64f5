package dev.labyrinth.emulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The bench command's output format and arguments; its figures are never asserted (noisy box). */
class BenchCommandTest {

  private static final Pattern FIGURE =
      Pattern.compile("[a-z0-9_.-]+ -?[0-9.]+(e[+-][0-9]+)? [a-zA-Z/]+");

  @Test
  void printsOneFigurePerLineAsNameValueUnit() {
    CliHarness.Result result = CliHarness.run("bench", "--quick", "--only", "pcp");
    assertThat(result.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(result.out().lines()).isNotEmpty()
        .allSatisfy(line -> assertThat(line).matches(FIGURE));
    assertThat(result.out().lines().map(line -> line.split(" ")[0]))
        .containsExactly("pcp_order0_pairs_per_s", "pcp_order0_record_api_pairs_per_s");
  }

  @Test
  void rejectsAnUnknownGroup() {
    CliHarness.Result result = CliHarness.run("bench", "--only", "everything");
    assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(result.err()).contains("--only everything");
  }

  @Test
  void namesTheMissingFlagshipScenario(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    CliHarness.Result result =
        CliHarness.run("bench", "--quick", "--only", "scenarios", "--scenarios", dir.toString());
    assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(result.err()).contains("imu-sensor.yaml").contains("flagship scenario not found");
    assertThat(result.out()).isEmpty();
  }
}
