package dev.labyrinth.emulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableList;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioLoaderTest {
  @Test
  void goodFileBecomesExactRecords() throws Exception {
    byte[] bytes = Fixtures.bytes("good.yaml");
    Scenario s = ScenarioLoader.parse("scenarios/good.yaml", bytes, List.of());

    assertThat(s)
        .isEqualTo(
            new Scenario(
                "imu-telemetry",
                42,
                200_000_000L,
                new MachineSpec(
                    4,
                    1L << 30,
                    ImmutableList.of(),
                    new SysctlSpec(8192, 10, ImmutableList.of(256, 256, 32), 15000)),
                ImmutableList.of(
                    DeviceSpec.timer("tick", 4_000_000L, 0, 0),
                    DeviceSpec.timer("imu", 1_000_000L, 10_000L, 3)),
                ImmutableList.of(),
                "scenarios/good.yaml",
                new String(bytes, StandardCharsets.UTF_8),
                // sha256sum emulator/src/test/resources/scenario/good.yaml
                "403456c94ef5eb64ff099b963e714e0dd030855262958be13fa0d596962fa9ca",
                ImmutableList.of(),
                ReclaimSpec.DEFAULTS,
                ImmutableList.of()));
  }

  @Test
  void zonesWithDefaultsForPresentAndSpanned() throws Exception {
    Scenario s = ScenarioLoader.parse("z.yaml", Fixtures.bytes("good-zones.yaml"), List.of());

    assertThat(s.durationNs()).isEqualTo(1_500_000_000L);
    assertThat(s.seed()).isZero();
    assertThat(s.devices()).isEmpty();
    assertThat(s.machine().memoryBytes()).isZero();
    assertThat(s.machine().zones())
        .containsExactly(
            new ZoneSpec("DMA", 3977, 3998, 4095),
            new ZoneSpec("DMA32", 494700, 494700, 494700),
            new ZoneSpec("Normal", 1000, 1200, 1200));
    assertThat(s.machine().sysctl()).isEqualTo(SysctlSpec.DEFAULTS);
    assertThat(s.machine().sysctl().minFreeKbytes()).isEqualTo(-1);
  }

  @Test
  void sha256IsOfTheRawBytes() throws Exception {
    String yaml = Fixtures.BASE;
    Scenario s = Fixtures.parse(yaml);
    assertThat(s.sourceSha256())
        .isEqualTo(
            com.google.common.hash.Hashing.sha256()
                .hashBytes(yaml.getBytes(StandardCharsets.UTF_8))
                .toString())
        .matches("[0-9a-f]{64}");
    // Any byte change, even in a comment, changes the hash.
    assertThat(Fixtures.parse(yaml + "# x\n").sourceSha256()).isNotEqualTo(s.sourceSha256());
  }

  @Test
  void seedTakesAnySigned64BitInteger() throws Exception {
    assertThat(Fixtures.parse(Fixtures.BASE + "seed: -9223372036854775808\n").seed())
        .isEqualTo(Long.MIN_VALUE);
    assertThat(Fixtures.parse(Fixtures.BASE + "seed: 9223372036854775807\n").seed())
        .isEqualTo(Long.MAX_VALUE);
    assertThat(Fixtures.parse(Fixtures.BASE).withSeed(7).seed()).isEqualTo(7);
  }

  @Test
  void loadReadsTheFileAndNamesItAsGiven(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("s.yaml");
    Files.write(file, Fixtures.bytes("good.yaml"));
    Scenario s = ScenarioLoader.load(file, List.of("seed=7"));
    assertThat(s.sourceName()).isEqualTo(file.toString());
    assertThat(s.seed()).isEqualTo(7);
    assertThat(s.overrides()).containsExactly("seed=7");
  }

  @Test
  void missingFileIsAProblemNotAStackTrace(@TempDir Path dir) {
    Path file = dir.resolve("nope.yaml");
    ScenarioException e =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            ScenarioException.class, () -> ScenarioLoader.load(file, List.of()));
    assertThat(e.problems()).hasSize(1);
    assertThat(e.getMessage()).isEqualTo(file + ":1:1: no such file");
  }

  @Test
  void messageIsAllProblemsOnePerLine() {
    ScenarioException e =
        new ScenarioException(
            List.of(new Problem("a.yaml", 1, 2, "x", "bad"), new Problem("a.yaml", 3, 4, "", "worse")));
    assertThat(e.getMessage()).isEqualTo("a.yaml:1:2: x: bad\na.yaml:3:4: worse");
  }
}
