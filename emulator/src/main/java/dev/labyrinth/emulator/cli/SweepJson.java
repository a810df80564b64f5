package dev.labyrinth.emulator.cli;

import dev.labyrinth.emulator.trace.JsonText;
import java.util.List;

/**
 * The little JSON the sweep files need, written by hand so the key order and bytes are fixed:
 * strings escaped as the canonical trace escapes them, integers, booleans, string arrays.
 */
final class SweepJson {

  private SweepJson() {}

  /** A quoted JSON string, escaped exactly as the canonical trace escapes it. */
  static StringBuilder quote(StringBuilder out, String text) {
    JsonText.appendQuoted(out, text);
    return out;
  }

  static StringBuilder strings(StringBuilder out, List<String> items) {
    out.append('[');
    for (int i = 0; i < items.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      quote(out, items.get(i));
    }
    return out.append(']');
  }
}
