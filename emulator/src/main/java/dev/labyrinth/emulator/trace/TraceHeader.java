package dev.labyrinth.emulator.trace;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;

/**
 * The first line of every canonical trace: what produced it, so a trace names its own replay.
 *
 * <p>It holds only what decides the run (the scenario's identity and bytes' hash, the seed, the
 * overrides) and never anything about the host: no wall clock, host name, user or path.
 *
 * @param scenarioName the scenario's {@code name}
 * @param scenarioSha256 lowercase hex SHA-256 of the scenario file's bytes
 * @param seed the root seed of the run
 * @param overrides the {@code --set} overrides applied, in command-line order
 */
public record TraceHeader(
    String scenarioName, String scenarioSha256, long seed, ImmutableList<String> overrides) {

  /** The trace format's name, written in the header so readers can refuse other files. */
  public static final String FORMAT = "labyrinth-trace";

  /** Bumped whenever the meaning or layout of existing records changes. */
  public static final int VERSION = 1;

  public TraceHeader {
    checkArgument(scenarioSha256.matches("[0-9a-f]{64}"), "scenarioSha256 must be 64 hex digits");
  }

  /** The header as one canonical JSON line, without the trailing newline. */
  String toJson() {
    StringBuilder line = new StringBuilder(160);
    line.append("{\"format\":");
    JsonText.appendQuoted(line, FORMAT);
    line.append(",\"version\":").append(VERSION);
    line.append(",\"scenario\":");
    JsonText.appendQuoted(line, scenarioName);
    line.append(",\"scenario_sha256\":");
    JsonText.appendQuoted(line, scenarioSha256);
    line.append(",\"seed\":").append(seed);
    line.append(",\"overrides\":[");
    for (int i = 0; i < overrides.size(); i++) {
      if (i > 0) {
        line.append(',');
      }
      JsonText.appendQuoted(line, overrides.get(i));
    }
    line.append("]}");
    return line.toString();
  }
}
