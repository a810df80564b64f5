package dev.labyrinth.emulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableList;
import dev.labyrinth.emulator.scenario.Scenario;
import dev.labyrinth.emulator.scenario.ScenarioLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code labyrinth sweep --swarm}: each seed's fault sites come from the seed alone, so the file
 * is the same with any job count and across shards, and a failing run's replay command turns on
 * the same faults and reproduces its fingerprint. The sensor scenario, shortened to 55 ms.
 */
class SwarmSweepTest {

  private static final String SENSOR = CliHarness.scenario("imu-sensor.yaml").toString();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path dir;

  private static Path whole;
  private static String wholeOut;

  private static CliHarness.Result sweep(Path out, String seeds, String... extra) {
    List<String> args = new ArrayList<>(List.of("sweep", SENSOR, "--seeds", seeds, "--swarm",
        "--set", "duration=55ms", "--fail-on", "failed,reserve", "--quiet", "--out",
        out.toString()));
    args.addAll(List.of(extra));
    return CliHarness.run(args.toArray(String[]::new));
  }

  @BeforeAll
  static void sweepOnce() {
    whole = dir.resolve("whole.jsonl");
    CliHarness.Result r = sweep(whole, "1..8", "--jobs", "1");
    assertThat(r.exitCode()).as(r.err()).isZero();
    wholeOut = r.out();
  }

  private static List<JsonNode> results(Path file) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String line : Files.readAllLines(file).subList(1, Files.readAllLines(file).size())) {
      out.add(JSON.readTree(line));
    }
    return out;
  }

  private static List<String> faults(JsonNode result) {
    List<String> out = new ArrayList<>();
    result.path("faults").forEach(f -> out.add(f.asText()));
    return out;
  }

  @Test
  void theHeaderSaysSwarmAndEachSeedHasItsOwnSortedChoice() throws Exception {
    assertThat(Files.readAllLines(whole).get(0)).contains("\"swarm\":true");
    Set<List<String>> choices = new LinkedHashSet<>();
    for (JsonNode result : results(whole)) {
      List<String> faults = faults(result);
      assertThat(faults).isSorted().allMatch(f -> f.matches("faults\\.[a-z_]+\\.enabled=true"));
      choices.add(faults);
    }
    // Eight fair coins per site: the seeds do not all get the same set.
    assertThat(choices).hasSizeGreaterThan(2);
  }

  @Test
  void aSeedsChoiceDependsOnTheSeedOnly() throws Exception {
    Path part = dir.resolve("part.jsonl");
    CliHarness.Result r = sweep(part, "5..8", "--jobs", "2");
    assertThat(r.exitCode()).as(r.err()).isZero();
    List<JsonNode> all = results(whole);
    List<JsonNode> some = results(part);
    for (int i = 0; i < some.size(); i++) {
      assertThat(faults(some.get(i))).isEqualTo(faults(all.get(4 + i)));
      assertThat(some.get(i).path("fingerprint")).isEqualTo(all.get(4 + i).path("fingerprint"));
    }
  }

  @Test
  void twoJobsWriteTheSameBytesAsOne() throws Exception {
    Path two = dir.resolve("two.jsonl");
    CliHarness.Result r = sweep(two, "1..8", "--jobs", "2");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(Files.readAllBytes(two)).isEqualTo(Files.readAllBytes(whole));
  }

  @Test
  void shardsMergeToTheSingleMachineBytes() throws Exception {
    List<String> merge = new ArrayList<>(List.of("merge"));
    for (int i = 0; i < 2; i++) {
      Path shard = dir.resolve("shard-" + i + ".jsonl");
      CliHarness.Result r = sweep(shard, "1..8", "--jobs", "1", "--shard", i + "/2");
      assertThat(r.exitCode()).as(r.err()).isZero();
      merge.add(shard.toString());
    }
    Path merged = dir.resolve("merged.jsonl");
    merge.addAll(List.of("--out", merged.toString()));
    CliHarness.Result r = CliHarness.run(merge.toArray(String[]::new));
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(Files.readAllBytes(merged)).isEqualTo(Files.readAllBytes(whole));
  }

  @Test
  void aFailingRunsReplayTurnsOnItsFaultsAndReproducesItsFingerprint() throws Exception {
    Matcher replay = Pattern.compile("failing run (\\d+) \\([a-z_,]+\\): labyrinth (run .*"
        + "--set faults\\.[a-z_]+\\.enabled=true.*)").matcher(wholeOut);
    assertThat(replay.find()).as(wholeOut).isTrue();
    JsonNode result = results(whole).get(Integer.parseInt(replay.group(1)));
    assertThat(faults(result)).isNotEmpty();
    for (String fault : faults(result)) {
      assertThat(replay.group(2)).contains("--set " + fault);
    }
    List<String> args = new ArrayList<>(List.of(replay.group(2).split(" ")));
    args.addAll(List.of("--out", dir.resolve("replay").toString(), "--no-report"));
    CliHarness.Result r = CliHarness.run(args.toArray(String[]::new));
    assertThat(r.out()).contains("fingerprint: " + result.path("fingerprint").asText());
  }

  @Test
  void sitesTheScenarioEnabledAreTurnedOffExplicitly() throws Exception {
    Scenario plain = ScenarioLoader.load(Path.of(SENSOR), List.of());
    Scenario delayed = ScenarioLoader.load(Path.of(SENSOR),
        List.of("faults.kswapd_delay.enabled=true"));
    assertThat(SwarmChoice.sites(plain)).containsExactly("device_stop", "irq_storm",
        "kswapd_delay", "reclaim_no_progress");
    long off = -1;
    long on = -1;
    for (long seed = 1; off < 0 || on < 0; seed++) {
      if (SwarmChoice.chosen(seed, "kswapd_delay")) {
        on = seed;
      } else {
        off = seed;
      }
    }
    assertThat(SwarmChoice.overrides(plain, on)).contains("faults.kswapd_delay.enabled=true");
    assertThat(SwarmChoice.overrides(delayed, on)).noneMatch(o -> o.contains("kswapd_delay"));
    assertThat(SwarmChoice.overrides(plain, off)).noneMatch(o -> o.contains("kswapd_delay"));
    assertThat(SwarmChoice.overrides(delayed, off)).contains("faults.kswapd_delay.enabled=false");
  }

  @Test
  void aScenarioWithoutDevicesLeavesTheDeviceSitesOut() throws Exception {
    Scenario noDevices = ScenarioLoader.load(Path.of(SENSOR), List.of("devices=[]"));
    assertThat(SwarmChoice.sites(noDevices)).containsExactly("kswapd_delay",
        "reclaim_no_progress");
    for (long seed = 1; seed <= 20; seed++) {
      ImmutableList<String> overrides = SwarmChoice.overrides(noDevices, seed);
      assertThat(overrides).noneMatch(o -> o.contains("irq_storm") || o.contains("device_stop"));
    }
  }
}
