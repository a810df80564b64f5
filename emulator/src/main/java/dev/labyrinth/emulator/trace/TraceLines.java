package dev.labyrinth.emulator.trace;

import java.util.Collection;

/**
 * Light, allocation-poor access to one canonical trace line: its event name and the line with
 * some keys removed. It relies on the canonical shape only ({@code {"t":N,"ev":"NAME",...}},
 * integers, strings and arrays of them; see {@code docs/trace-format.md}), so the {@code trace}
 * package can select fingerprint ingredients without a JSON library.
 */
public final class TraceLines {

  private static final String EV_KEY = "\"ev\":\"";

  private TraceLines() {}

  /** The {@code ev} of a record line, or {@code ""} for the header and any other line. */
  public static String eventName(String line) {
    int start = line.indexOf(EV_KEY);
    // The canonical writer puts "ev" second, right after the integer "t": no string precedes it.
    if (start < 0 || !line.startsWith("{\"t\":")) {
      return "";
    }
    start += EV_KEY.length();
    int end = line.indexOf('"', start);
    return end < 0 ? "" : line.substring(start, end);
  }

  /**
   * The line without the top-level keys in {@code keys} (and their values), keeping every other
   * byte as it was; the line itself when it has none of them.
   */
  public static String withoutKeys(String line, Collection<String> keys) {
    if (keys.isEmpty() || line.length() < 2 || line.charAt(0) != '{') {
      return line;
    }
    StringBuilder out = new StringBuilder(line.length());
    out.append('{');
    int i = 1;
    boolean first = true;
    boolean removed = false;
    while (i < line.length() && line.charAt(i) == '"') {
      int keyEnd = skipString(line, i);
      String key = line.substring(i + 1, keyEnd - 1);
      int valueStart = keyEnd + 1; // past ':'
      int valueEnd = skipValue(line, valueStart);
      if (keys.contains(key)) {
        removed = true;
      } else {
        if (!first) {
          out.append(',');
        }
        out.append(line, i, valueEnd);
        first = false;
      }
      i = valueEnd;
      if (i < line.length() && line.charAt(i) == ',') {
        i++;
      }
    }
    if (!removed) {
      return line;
    }
    return out.append(line, i, line.length()).toString();
  }

  /** Index just past the string literal starting at {@code start} (a quote). */
  private static int skipString(String line, int start) {
    int i = start + 1;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (c == '\\') {
        i += 2;
      } else if (c == '"') {
        return i + 1;
      } else {
        i++;
      }
    }
    return line.length();
  }

  /** Index just past the value at {@code start}: a string, an array, or a bare integer. */
  private static int skipValue(String line, int start) {
    if (start >= line.length()) {
      return line.length();
    }
    char c = line.charAt(start);
    if (c == '"') {
      return skipString(line, start);
    }
    int i = start;
    if (c == '[') {
      i++;
      while (i < line.length() && line.charAt(i) != ']') {
        i = line.charAt(i) == '"' ? skipString(line, i) : i + 1;
      }
      return Math.min(i + 1, line.length());
    }
    while (i < line.length() && line.charAt(i) != ',' && line.charAt(i) != '}') {
      i++;
    }
    return i;
  }
}
