package dev.labyrinth.emulator.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labyrinth.emulator.scenario.ScenarioLoader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The OOM killer over the machine's tasks ({@code TaskOomKiller}, wired by {@link ScenarioRun}):
 * the task with the most kept pages dies, its pages come back at once, it exits, and the
 * allocation that ran out of memory succeeds.
 */
class OomKillTest {

  private static String scenario(String smallTotal, String bigTotal) {
    return String.join("\n",
        "name: oom",
        "seed: 3",
        "duration: 200ms",
        "machine:",
        "  cpus: 2",
        "  zones:",
        "    - {name: DMA32, managed_pages: 4096}",
        "tasks:",
        "  - name: small",
        "    cpu: 0",
        "    steps:",
        "      - fill: {total: " + smallTotal + ", chunk: 256KiB, every: 1ms}",
        "      - sleep: 1s",
        "  - name: big",
        "    cpu: 0",
        "    steps:",
        "      - fill: {total: " + bigTotal + ", chunk: 256KiB, every: 1ms}",
        "      - sleep: 1s",
        "  - name: grower",
        "    cpu: 1",
        "    start: 20ms",
        "    steps:",
        "      - fill: {total: 12MiB, chunk: 256KiB, every: 1ms}",
        "      - sleep: 1s",
        "");
  }

  private static TraceLines run(String yaml) throws Exception {
    return TraceLines.run(ScenarioLoader.parse("oom.yaml", yaml.getBytes(StandardCharsets.UTF_8),
        List.of()), null);
  }

  @Test
  void theTaskWithTheLargestRssIsKilledAndItsPagesComeBack() throws Exception {
    TraceLines t = run(scenario("1MiB", "8MiB"));
    List<JsonNode> kills = t.events("oom_kill");
    assertThat(kills).hasSize(1);
    JsonNode kill = kills.get(0);
    assertThat(kill.path("comm").asText()).isEqualTo("grower");
    assertThat(kill.path("victim_comm").asText()).isEqualTo("big");
    assertThat(kill.path("victim_pid").asInt()).isEqualTo(1001);
    assertThat(kill.path("victim_rss_pages").asLong()).isEqualTo(2048);
    long killNs = kill.path("t").asLong();
    // The victim's 2048 pages are freed synchronously, on no CPU, at the kill's instant.
    assertThat(t.where(r -> r.path("ev").asText().equals("mm_page_free")
        && r.path("t").asLong() == killNs && !r.has("cpu"))).hasSize(2048);
    // The victim exits (sched_switch prev_state X) at that instant, the others do not.
    List<JsonNode> exits = t.where(r -> r.path("ev").asText().equals("sched_switch")
        && r.path("prev_state").asText().equals("X"));
    assertThat(exits).extracting(r -> r.path("prev_comm").asText()).containsExactly("big");
    assertThat(exits.get(0).path("t").asLong()).isEqualTo(killNs);
    // Nothing failed: the OOM-ing allocation retried and succeeded.
    assertThat(t.where(r -> r.path("ev").asText().equals("mm_page_alloc")
        && r.path("reserve").asText().equals("failed"))).isEmpty();
  }

  @Test
  void aTieGoesToTheLowerPid() throws Exception {
    TraceLines t = run(scenario("6MiB", "6MiB"));
    JsonNode kill = t.events("oom_kill").get(0);
    assertThat(kill.path("victim_comm").asText()).isEqualTo("small");
    assertThat(kill.path("victim_pid").asInt()).isEqualTo(1000);
    assertThat(kill.path("victim_rss_pages").asLong()).isEqualTo(1536);
  }
}
