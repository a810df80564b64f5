package dev.labyrinth.emulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labyrinth.emulator.trace.Checkpoints;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verify} and {@code record} over folders, checkpoint sidecars, fingerprint ingredients,
 * and the cause chain of a divergence.
 */
class VerifyLibraryTest {

  @TempDir
  Path dir;

  private Path library() throws IOException {
    Files.copy(CliHarness.scenario("imu-telemetry.yaml"), dir.resolve("a-tick.yaml"));
    Files.copy(CliHarness.scenario("might-sleep.yaml"), dir.resolve("b-sleep.yaml"));
    CliHarness.Result recorded = CliHarness.run("record", dir.toString());
    assertThat(recorded.exitCode()).as(recorded.err()).isZero();
    return dir;
  }

  /** Moves the pfn of the {@code nth} successful mm_page_alloc to another frame. */
  private static int tamperPfn(Path golden, int nth) throws IOException {
    List<String> lines = Files.readAllLines(golden, StandardCharsets.UTF_8);
    Pattern pfn = Pattern.compile("\"ev\":\"mm_page_alloc\",.*\"pfn\":(\\d+),");
    int seen = 0;
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = pfn.matcher(lines.get(i));
      if (m.find() && ++seen == nth) {
        lines.set(i, lines.get(i).replace("\"pfn\":" + m.group(1) + ",",
            "\"pfn\":" + (Long.parseLong(m.group(1)) + 1) + ","));
        Files.write(golden, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        return i + 1;
      }
    }
    throw new AssertionError("no mm_page_alloc in " + golden);
  }

  @Test
  void recordAndVerifyAFolderOneLinePerScenarioAndATally() throws IOException {
    library();
    assertThat(dir.resolve("a-tick.golden.checkpoints")).isRegularFile();
    assertThat(Files.readString(dir.resolve("b-sleep.golden.checkpoints")))
        .startsWith("labyrinth-checkpoints 1\nwindow_lines 65536\n");
    CliHarness.Result verified = CliHarness.run("verify", dir.toString());
    assertThat(verified.exitCode()).as(verified.out() + verified.err()).isZero();
    assertThat(verified.out()).containsSubsequence("PASS " + dir.resolve("a-tick.yaml"),
        "PASS " + dir.resolve("b-sleep.yaml"), "2 passed, 0 failed");
  }

  @Test
  void aMovedPageFailsOneScenarioWithTheDivergenceAndItsCause() throws IOException {
    library();
    int line = tamperPfn(dir.resolve("b-sleep.golden.jsonl"), 3);
    CliHarness.Result verified = CliHarness.run("verify", dir.toString());
    assertThat(verified.exitCode()).isEqualTo(3);
    assertThat(verified.out()).containsSubsequence("PASS " + dir.resolve("a-tick.yaml"),
        "FAIL " + dir.resolve("b-sleep.yaml"), "first divergence at line " + line,
        "cause: earlier records touching the same pfn", "1 passed, 1 failed");
    assertThat(verified.out()).doesNotContain("located by checkpoints");
  }

  @Test
  void validCheckpointsLocateTheWindowOfTheDivergence() throws IOException {
    library();
    Path golden = dir.resolve("b-sleep.golden.jsonl");
    int line = tamperPfn(golden, 40);
    // A sidecar that describes the tampered golden, with small windows.
    Checkpoints checkpoints = Checkpoints.of(golden, 16).describing(golden);
    Files.writeString(dir.resolve("b-sleep.golden.checkpoints"), checkpoints.format(),
        StandardCharsets.UTF_8);
    CliHarness.Result verified = CliHarness.run("verify", dir.resolve("b-sleep.yaml").toString());
    assertThat(verified.exitCode()).isEqualTo(3);
    int window = (line - 1) / 16 + 1;
    assertThat(verified.out()).contains("first divergence at line " + line,
        "located by checkpoints: window " + window + " of ");
  }

  @Test
  void ingredientsIgnoreWhatTheyLeaveOut() throws IOException {
    library();
    Path golden = dir.resolve("a-tick.golden.jsonl");
    String text = Files.readString(golden, StandardCharsets.UTF_8);
    Files.writeString(golden, text.replaceAll("\"latency_ns\":\\d+", "\"latency_ns\":99999"),
        StandardCharsets.UTF_8);
    String scenario = dir.resolve("a-tick.yaml").toString();
    assertThat(CliHarness.run("verify", scenario).exitCode()).isEqualTo(3);
    CliHarness.Result coarse = CliHarness.run("verify", scenario, "--ignore-field", "latency_ns");
    assertThat(coarse.exitCode()).as(coarse.out()).isZero();
    assertThat(coarse.out()).contains("[all ignoring latency_ns]");
    CliHarness.Result mmOnly = CliHarness.run("verify", scenario, "--fingerprint", "mm,run");
    assertThat(mmOnly.exitCode()).as(mmOnly.out()).isZero();
  }

  @Test
  void runPrintsTheSelectedFingerprintBesideTheFullOne() {
    String scenario = CliHarness.scenario("imu-telemetry.yaml").toString();
    CliHarness.Result a = CliHarness.run("run", scenario, "--out", dir.resolve("a").toString(),
        "--no-report", "--fingerprint", "mm", "--ignore-field", "latency_ns");
    CliHarness.Result b = CliHarness.run("run", scenario, "--out", dir.resolve("b").toString(),
        "--no-report", "--fingerprint", "irq", "--seed", "5");
    assertThat(a.exitCode()).as(a.err()).isZero();
    assertThat(a.out()).containsPattern("(?m)^fingerprint: sha256:[0-9a-f]{64}$")
        .containsPattern("(?m)^fingerprint\\[mm ignoring latency_ns\\]: sha256:[0-9a-f]{64}$");
    assertThat(b.out()).containsPattern("(?m)^fingerprint\\[irq\\]: sha256:");
    Path never = dir.resolve("never");
    assertThat(CliHarness.run("run", scenario, "--out", never.toString(), "--fingerprint",
        "bogus").exitCode()).isEqualTo(2);
    assertThat(never).as("a bad option is refused before anything is written").doesNotExist();
  }

  @Test
  void anEmptyFolderOrAMissingGoldenIsBadInput() throws IOException {
    Files.createDirectories(dir.resolve("empty"));
    assertThat(CliHarness.run("verify", dir.resolve("empty").toString()).exitCode()).isEqualTo(2);
    Files.copy(CliHarness.scenario("imu-telemetry.yaml"), dir.resolve("x.yaml"));
    CliHarness.Result missing = CliHarness.run("verify", dir.resolve("x.yaml").toString());
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("labyrinth record");
  }
}
