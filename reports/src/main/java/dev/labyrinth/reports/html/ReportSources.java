package dev.labyrinth.reports.html;

import java.util.Arrays;

/**
 * What the report knows besides the trace: the scenario file's path exactly as the user typed it
 * (never made absolute, so no host path leaks into the report) and its bytes. Both are absent when
 * {@code labyrinth report} is run on a trace alone.
 */
public final class ReportSources {

  private final String scenarioPathAsGiven;
  private final byte[] scenarioBytes;

  private ReportSources(String scenarioPathAsGiven, byte[] scenarioBytes) {
    this.scenarioPathAsGiven = scenarioPathAsGiven;
    this.scenarioBytes = scenarioBytes;
  }

  /** No scenario: the replay command shows a {@code <scenario file>} placeholder. */
  public static ReportSources traceOnly() {
    return new ReportSources(null, null);
  }

  /** The scenario as the user named it, and its bytes. */
  public static ReportSources withScenario(String pathAsGiven, byte[] bytes) {
    return new ReportSources(pathAsGiven, Arrays.copyOf(bytes, bytes.length));
  }

  boolean hasScenario() {
    return scenarioPathAsGiven != null;
  }

  String scenarioPathAsGiven() {
    return scenarioPathAsGiven;
  }

  byte[] scenarioBytes() {
    return scenarioBytes == null ? null : Arrays.copyOf(scenarioBytes, scenarioBytes.length);
  }
}
