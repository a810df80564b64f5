package dev.labyrinth.emulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Large goldens are stored gzip-compressed, with a stable header, and verify like plain ones. */
class GoldensTest {

  @TempDir
  Path dir;

  @Test
  void aLargeTraceIsRecordedCompressedAndVerifiesAndATamperedOneDiverges() throws IOException {
    Path scenario = dir.resolve("sensor.yaml");
    Files.copy(CliHarness.scenario("imu-sensor.yaml"), scenario);
    CliHarness.Result recorded = CliHarness.run("record", scenario.toString());
    assertThat(recorded.exitCode()).as(recorded.err()).isZero();
    Path golden = dir.resolve("sensor.golden.jsonl.gz");
    assertThat(golden).isRegularFile();
    assertThat(dir.resolve("sensor.golden.jsonl")).doesNotExist();

    byte[] gz = Files.readAllBytes(golden);
    // RFC 1952 header: magic, deflate, no flags, MTIME 0: nothing about when it was written.
    assertThat(new byte[] {gz[0], gz[1], gz[2], gz[3], gz[4], gz[5], gz[6], gz[7]})
        .containsExactly(0x1f, 0x8b, 8, 0, 0, 0, 0, 0);

    CliHarness.Result verified = CliHarness.run("verify", scenario.toString());
    assertThat(verified.exitCode()).as(verified.out() + verified.err()).isZero();

    List<String> lines;
    try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(golden))) {
      lines = List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
    }
    StringBuilder tampered = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      tampered.append(i == 100 ? lines.get(i).replace("{\"t\":", "{\"t\":7") : lines.get(i))
          .append('\n');
    }
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(golden))) {
      out.write(tampered.toString().getBytes(StandardCharsets.UTF_8));
    }
    CliHarness.Result diverged = CliHarness.run("verify", scenario.toString());
    assertThat(diverged.exitCode()).isEqualTo(3);
    assertThat(diverged.out()).contains("first divergence at line 101");
  }

  @Test
  void aSmallTraceStaysPlainAndReplacesAnOldCompressedGolden() throws IOException {
    Path scenario = dir.resolve("tick.yaml");
    Files.copy(CliHarness.scenario("imu-telemetry.yaml"), scenario);
    Files.write(dir.resolve("tick.golden.jsonl.gz"), new byte[] {1, 2, 3});
    CliHarness.Result recorded = CliHarness.run("record", scenario.toString());
    assertThat(recorded.exitCode()).as(recorded.err()).isZero();
    assertThat(dir.resolve("tick.golden.jsonl")).isRegularFile();
    assertThat(dir.resolve("tick.golden.jsonl.gz")).doesNotExist();
    assertThat(Files.getPosixFilePermissions(dir.resolve("tick.golden.jsonl")).toString())
        .contains("OTHERS_READ");
  }
}
