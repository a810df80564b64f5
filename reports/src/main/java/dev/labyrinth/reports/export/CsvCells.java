package dev.labyrinth.reports.export;

import com.google.common.collect.ImmutableList;

/**
 * RFC 4180 cells: a value containing a comma, a double quote, CR or LF is enclosed in double
 * quotes, with each inner double quote doubled; anything else is written as is. Lists (only the
 * header's overrides) become their items joined by {@code ;} inside one cell.
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
    boolean quote = text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0
        || text.indexOf('\r') >= 0;
    if (!quote) {
      row.append(text);
      return;
    }
    row.append('"').append(text.replace("\"", "\"\"")).append('"');
  }
}
