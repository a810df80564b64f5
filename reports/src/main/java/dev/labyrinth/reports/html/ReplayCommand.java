package dev.labyrinth.reports.html;

import dev.labyrinth.reports.TraceHeaderInfo;
import java.util.regex.Pattern;

/**
 * The one-line command that replays a run: {@code labyrinth run <scenario> --seed N
 * [--set k=v]...}, from the trace header's seed and overrides. Arguments are quoted for a POSIX
 * shell when they need it, so the line can be pasted as is.
 */
final class ReplayCommand {

  /** The stand-in when the scenario file is not known. */
  static final String PLACEHOLDER = "<scenario file>";

  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:=,+@%-]+");

  private ReplayCommand() {}

  /** The command; {@code scenarioPath} {@code null} gives the unquoted placeholder. */
  static String of(TraceHeaderInfo header, String scenarioPath) {
    StringBuilder line = new StringBuilder("labyrinth run ");
    line.append(scenarioPath == null ? PLACEHOLDER : quote(scenarioPath));
    line.append(" --seed ").append(header.seed());
    for (String override : header.overrides()) {
      line.append(" --set ").append(quote(override));
    }
    return line.toString();
  }

  /** {@code value} as one shell word: bare when plain, else in single quotes. */
  static String quote(String value) {
    if (!value.isEmpty() && PLAIN.matcher(value).matches()) {
      return value;
    }
    return "'" + value.replace("'", "'\\''") + "'";
  }
}
