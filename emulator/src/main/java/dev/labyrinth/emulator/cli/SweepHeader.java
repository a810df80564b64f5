package dev.labyrinth.emulator.cli;

import java.util.List;

/**
 * The first line of a results file: what was swept, so {@code merge} can check that shard files
 * belong to one sweep and are complete. A shard's header is the whole sweep's header with
 * {@code "shard":"I/N"} appended as its last key; {@code merge} drops that key, so merged shards
 * reproduce the single-machine file byte for byte. Nothing about the host or the clock appears.
 */
final class SweepHeader {

  static final String FORMAT = "labyrinth-sweep";
  static final int VERSION = 1;

  private SweepHeader() {}

  static String line(String scenario, String scenarioSha256, SeedRange seeds, List<String> sets,
      boolean swarm, List<String> failOn, long runs, ShardSpec shard) {
    StringBuilder out = new StringBuilder("{\"format\":\"" + FORMAT + "\",\"version\":" + VERSION
        + ",\"scenario\":");
    SweepJson.quote(out, scenario).append(",\"scenario_sha256\":");
    SweepJson.quote(out, scenarioSha256).append(",\"seeds\":");
    SweepJson.quote(out, seeds.toString()).append(",\"set\":");
    SweepJson.strings(out, sets).append(",\"swarm\":").append(swarm).append(",\"fail_on\":");
    SweepJson.strings(out, failOn).append(",\"runs\":").append(runs);
    if (!shard.whole()) {
      out.append(",\"shard\":\"").append(shard).append('"');
    }
    return out.append('}').toString();
  }
}
