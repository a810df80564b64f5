package dev.labyrinth.reports.export;

import com.google.common.collect.ImmutableList;

/**
 * RFC 4180 cells: a value containing a comma, a double quote, CR or LF is enclosed in double
 * quotes, with each inner double quote doubled; anything else is written as is. Lists (only the
 * header's overrides) become their items joined by {@code ;} inside one cell. Other control
 * characters (NUL, ESC, DEL...) are outside RFC 4180 even when quoted, break many CSV readers and
 * can drive a terminal a file is printed on, so they are written as {@code \xHH}, as the ftrace
 * export does; a canonical trace made by Labyrinth never holds them, only a hostile one can.
 */
final class CsvCells {

  private CsvCells() {}

  static void append(StringBuilder row, Object value) {
    String text;
    if (value instanceof ImmutableList<?> list) {
      StringBuilder joined = new StringBuilder();
      for (Object item : list) {
        joined.append(joined.isEmpty() ? "" : ";").append(item);
      }
      text = joined.toString();
    } else {
      text = value == null ? "" : String.valueOf(value);
    }
    text = escapeControls(text);
    boolean quote = text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0
        || text.indexOf('\r') >= 0;
    if (!quote) {
      row.append(text);
      return;
    }
    row.append('"').append(text.replace("\"", "\"\"")).append('"');
  }

  /** TAB, CR and LF stay (quoting covers CR and LF); other C0 controls and DEL become \xHH. */
  private static String escapeControls(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean control = (c < 0x20 && c != '\t' && c != '\r' && c != '\n') || c == 0x7f;
      if (control && out == null) {
        out = new StringBuilder(text.length() + 8).append(text, 0, i);
      }
      if (out != null) {
        if (control) {
          out.append(String.format(java.util.Locale.ROOT, "\\x%02x", (int) c));
        } else {
          out.append(c);
        }
      }
    }
    return out == null ? text : out.toString();
  }
}
