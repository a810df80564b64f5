package dev.labyrinth.emulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code labyrinth size-reserve} on the sensor scenario: with vm.min_free_kbytes at 128 the
 * interrupt handlers' GFP_ATOMIC pages fail, and enough reserve keeps every sample.
 */
class SizeReserveCommandTest {

  private static final String SENSOR = CliHarness.scenario("imu-sensor.yaml").toString();

  @Test
  void bisectionFindsTheSensorsThreshold(@TempDir Path dir) throws Exception {
    Path report = dir.resolve("sizing.html");
    CliHarness.Result r = CliHarness.run("size-reserve", SENSOR, "--seeds", "1..2",
        "--target", "irq_failures=0", "--lo", "128", "--hi", "16384",
        "--quiet", "--report", report.toString());
    assertThat(r.exitCode()).as(r.err() + r.out()).isZero();
    java.util.regex.Matcher found = java.util.regex.Pattern.compile(
        "smallest vm.min_free_kbytes meeting irq_failures=0 on every seed: (\\d+)\n")
        .matcher(r.out());
    assertThat(found.find()).as(r.out()).isTrue();
    long threshold = Long.parseLong(found.group(1));
    // A threshold is only proven by its neighbours: it meets the target on every seed, and one
    // kbyte less misses it on at least one, so bisection must have tried both.
    assertThat(r.out()).containsPattern("(?m)^" + threshold + " +2 +0 ");
    assertThat(r.out()).containsPattern("(?m)^" + (threshold - 1) + " +2 +[12] ");
    assertThat(threshold).isBetween(129L, 16384L);
    assertThat(r.out()).doesNotContain("non-monotone");
    String html = Files.readString(report);
    assertThat(html).contains("<svg").contains("<path d=\"M")
        .contains("vm.min_free_kbytes=" + threshold);
  }

  @Test
  void unreachableTargetExitsThree() {
    CliHarness.Result r = CliHarness.run("size-reserve", SENSOR, "--seeds", "1..1", "--set",
        "duration=60ms", "--target", "failures=0", "--lo", "128", "--hi", "256", "--quiet");
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.out()).contains("no setting up to 256 meets failures=0");
  }

  @Test
  void theDefaultHighestSettingIsAQuarterOfTheMemory() throws Exception {
    dev.labyrinth.emulator.scenario.Scenario sensor =
        dev.labyrinth.emulator.scenario.ScenarioLoader.load(Path.of(SENSOR), java.util.List.of());
    // One 32 MiB zone (8192 pages): 8 MiB, where a 64 MiB reserve could not be kept at all.
    assertThat(SizeReserveCommand.defaultMinFreeHi(sensor, 128)).isEqualTo(8192);
    assertThat(SizeReserveCommand.defaultMinFreeHi(sensor, 10_000)).isEqualTo(10_000);
    dev.labyrinth.emulator.scenario.Scenario big =
        dev.labyrinth.emulator.scenario.ScenarioLoader.load(Path.of(SENSOR),
            java.util.List.of("machine.memory=1GiB"));
    assertThat(SizeReserveCommand.defaultMinFreeHi(big, 128)).isEqualTo(65536);
  }

  @Test
  void badTargetExitsTwo() {
    CliHarness.Result r = CliHarness.run("size-reserve", SENSOR, "--seeds", "1..1", "--target",
        "speed=fast");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--target speed=fast: expected METRIC=N");
  }
}
