package dev.labyrinth.emulator.cli;

import java.util.List;

/**
 * The little JSON the sweep files need, written by hand so the key order and bytes are fixed:
 * strings escaped as the canonical trace escapes them, integers, booleans, string arrays.
 */
final class SweepJson {

  private SweepJson() {}

  static StringBuilder quote(StringBuilder out, String text) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
            out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"');
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
