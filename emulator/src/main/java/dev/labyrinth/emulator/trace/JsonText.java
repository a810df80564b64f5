package dev.labyrinth.emulator.trace;

/**
 * JSON string escaping for the canonical trace, written by hand so the bytes never depend on a
 * library's escaping choices.
 *
 * <p>Escapes {@code "} and {@code \}, the C0 controls, DEL, and U+2028/U+2029 (legal in JSON but
 * line breaks to JavaScript), so a trace line can be pasted anywhere. Everything else, including
 * non-ASCII text, is written as UTF-8 by the caller.
 */
public final class JsonText {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private JsonText() {}

  /** Appends {@code value} as a quoted JSON string. */
  public static void appendQuoted(StringBuilder out, String value) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
            out.append("\\u")
                .append(HEX[(c >> 12) & 0xf])
                .append(HEX[(c >> 8) & 0xf])
                .append(HEX[(c >> 4) & 0xf])
                .append(HEX[c & 0xf]);
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
