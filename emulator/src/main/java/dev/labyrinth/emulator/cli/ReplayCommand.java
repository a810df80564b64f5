package dev.labyrinth.emulator.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The one-line command that replays a sweep run: {@code labyrinth run SCENARIO --seed N --set
 * ...}, every override (the combination's and any swarm faults) in the order the run applied
 * them, so the replay writes the trace whose fingerprint the results line records. Arguments are
 * quoted for a POSIX shell when they need it.
 */
final class ReplayCommand {

  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./=:,+@%-]+");

  private ReplayCommand() {}

  static String of(Path scenarioFile, RunSpec spec) {
    List<String> words = new ArrayList<>(List.of("labyrinth", "run", scenarioFile.toString(),
        "--seed", Long.toString(spec.seed())));
    for (String override : spec.overrides()) {
      words.add("--set");
      words.add(override);
    }
    StringBuilder line = new StringBuilder();
    for (String word : words) {
      line.append(line.length() == 0 ? "" : " ").append(quote(word));
    }
    return line.toString();
  }

  static String quote(String word) {
    if (!word.isEmpty() && PLAIN.matcher(word).matches()) {
      return word;
    }
    return "'" + word.replace("'", "'\\''") + "'";
  }
}
