package dev.labyrinth.emulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code labyrinth sweep} and {@code merge}: output independent of --jobs, shards that merge to
 * the single-machine bytes, replay commands that reproduce the run. A shortened sensor scenario
 * (55 ms: the hog has filled most memory, the logger's GFP_KERNEL pages fail) keeps it quick.
 */
class SweepCommandTest {

  private static final String SENSOR = CliHarness.scenario("imu-sensor.yaml").toString();

  @TempDir
  static Path dir;

  private static Path whole;
  private static String wholeOut;

  private static CliHarness.Result sweep(Path out, String... extra) {
    List<String> args = new ArrayList<>(List.of("sweep", SENSOR, "--seeds", "1..3", "--set",
        "vm.min_free_kbytes=128,1024", "--set", "duration=55ms", "--quiet", "--out",
        out.toString()));
    args.addAll(List.of(extra));
    return CliHarness.run(args.toArray(String[]::new));
  }

  @BeforeAll
  static void sweepOnce() {
    whole = dir.resolve("whole.jsonl");
    CliHarness.Result r = sweep(whole, "--jobs", "1");
    assertThat(r.exitCode()).as(r.err()).isZero();
    wholeOut = r.out();
  }

  @Test
  void resultsAreOrderedByCombinationThenSeed() throws Exception {
    List<String> lines = Files.readAllLines(whole);
    assertThat(lines).hasSize(1 + 6);
    assertThat(lines.get(0)).startsWith("{\"format\":\"labyrinth-sweep\",\"version\":1,")
        .endsWith("\"runs\":6}");
    assertThat(lines.get(1)).startsWith("{\"run\":0,\"seed\":1,\"set\":["
        + "\"vm.min_free_kbytes=128\",\"duration=55ms\"]");
    assertThat(lines.get(4)).startsWith("{\"run\":3,\"seed\":1,\"set\":["
        + "\"vm.min_free_kbytes=1024\",\"duration=55ms\"]");
    assertThat(lines.get(6)).contains("\"seed\":3,");
  }

  @Test
  void fourJobsWriteTheSameBytesAsOne() throws Exception {
    Path four = dir.resolve("four.jsonl");
    CliHarness.Result r = sweep(four, "--jobs", "4");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(Files.readAllBytes(four)).isEqualTo(Files.readAllBytes(whole));
  }

  @Test
  void threeShardsMergeToTheSingleMachineBytes() throws Exception {
    List<String> merge = new ArrayList<>(List.of("merge"));
    for (int i = 2; i >= 0; i--) {
      Path shard = dir.resolve("shard-" + i + ".jsonl");
      CliHarness.Result r = sweep(shard, "--jobs", "2", "--shard", i + "/3");
      assertThat(r.exitCode()).as(r.err()).isZero();
      assertThat(Files.readAllLines(shard).get(0)).endsWith(",\"shard\":\"" + i + "/3\"}");
      merge.add(shard.toString());
    }
    Path merged = dir.resolve("merged.jsonl");
    merge.addAll(List.of("--out", merged.toString()));
    CliHarness.Result r = CliHarness.run(merge.toArray(String[]::new));
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(Files.readAllBytes(merged)).isEqualTo(Files.readAllBytes(whole));

    CliHarness.Result missing = CliHarness.run("merge", merge.get(1), merge.get(2), "--out",
        dir.resolve("bad.jsonl").toString());
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("shard 0/3 is missing");
    assertThat(dir.resolve("bad.jsonl")).doesNotExist();
  }

  @Test
  void aFailingRunsReplayCommandReproducesItsFingerprint() throws Exception {
    Matcher replay = Pattern.compile("failing run (\\d+) \\(failed\\): labyrinth (run .*)")
        .matcher(wholeOut);
    assertThat(replay.find()).as(wholeOut).isTrue();
    String line = Files.readAllLines(whole).get(1 + Integer.parseInt(replay.group(1)));
    Matcher fingerprint = Pattern.compile("\"fingerprint\":\"(sha256:[0-9a-f]{64})\"")
        .matcher(line);
    assertThat(fingerprint.find()).isTrue();
    assertThat(line).contains("\"failing\":true");
    List<String> args = new ArrayList<>(List.of(replay.group(2).split(" ")));
    args.addAll(List.of("--out", dir.resolve("replay").toString(), "--no-report"));
    CliHarness.Result r = CliHarness.run(args.toArray(String[]::new));
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("fingerprint: " + fingerprint.group(1));
  }

  @Test
  void badRangesAndShardsExitTwoWithAMessage() {
    Path out = dir.resolve("never.jsonl");
    CliHarness.Result empty = CliHarness.run("sweep", SENSOR, "--seeds", "5..1", "--out",
        out.toString());
    assertThat(empty.exitCode()).isEqualTo(2);
    assertThat(empty.err()).contains("--seeds 5..1: the range is empty");
    for (String shard : List.of("3/3", "x", "1/0", "-1/2")) {
      CliHarness.Result bad = CliHarness.run("sweep", SENSOR, "--seeds", "1..2", "--shard",
          shard, "--out", out.toString());
      assertThat(bad.exitCode()).as(shard).isEqualTo(2);
      assertThat(bad.err()).contains("expected I/N with 0 <= I < N");
    }
    CliHarness.Result badSet = CliHarness.run("sweep", SENSOR, "--seeds", "1..2", "--set",
        "vm.min_free_kbytes=1024,lots", "--out", out.toString());
    assertThat(badSet.exitCode()).isEqualTo(2);
    assertThat(out).doesNotExist();
  }
}
