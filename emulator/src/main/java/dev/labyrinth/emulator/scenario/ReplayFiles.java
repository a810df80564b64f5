package dev.labyrinth.emulator.scenario;

import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the arrival-time files of {@code replay} devices, relative to the scenario file, so the
 * machine never touches files. Format: one time with a unit per line ({@code 1.25ms}), blank
 * lines and {@code #} comments ignored, non-decreasing. Simplification: the trace header's
 * {@code scenario_sha256} covers the scenario file only, not the replay files.
 */
final class ReplayFiles {
  static final long MAX_FILE_BYTES = 16L << 20;

  private ReplayFiles() {}

  static Scenario resolve(Scenario scenario, Path scenarioFile) throws ScenarioException {
    Path dir = scenarioFile.toAbsolutePath().getParent();
    List<Problem> problems = new ArrayList<>();
    ImmutableList.Builder<DeviceSpec> devices = ImmutableList.builder();
    boolean changed = false;
    for (DeviceSpec d : scenario.devices()) {
      if (d.replayFile().isEmpty()) {
        devices.add(d);
        continue;
      }
      changed = true;
      String name = d.replayFile();
      Path file = dir.resolve(name);
      try {
        if (Files.size(file) > MAX_FILE_BYTES) {
          problems.add(new Problem(name, 1, 1, "", "larger than 16MiB"));
          continue;
        }
        devices.add(d.withArrivals(parse(name,
            new String(Files.readAllBytes(file), StandardCharsets.UTF_8), problems)));
      } catch (IOException e) {
        problems.add(new Problem(scenario.sourceName(), 1, 1, "devices." + d.name() + ".file",
            "cannot read replay file " + name));
      }
    }
    if (!problems.isEmpty()) {
      throw new ScenarioException(problems);
    }
    return changed ? scenario.withDevices(devices.build()) : scenario;
  }

  static ImmutableList<Long> parse(String name, String text, List<Problem> problems) {
    ImmutableList.Builder<Long> times = ImmutableList.builder();
    long previous = 0;
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      int hash = line.indexOf('#');
      if (hash >= 0) {
        line = line.substring(0, hash).strip();
      }
      if (line.isEmpty()) {
        continue;
      }
      try {
        long t = Units.parseTimeNs(line);
        if (t < previous) {
          problems.add(new Problem(name, i + 1, 1, "", "times must not decrease"));
        }
        previous = t;
        times.add(t);
      } catch (IllegalArgumentException e) {
        problems.add(new Problem(name, i + 1, 1, "", e.getMessage()));
      }
    }
    return times.build();
  }
}
