package dev.labyrinth.reports.html;

import com.google.common.escape.Escaper;
import com.google.common.html.HtmlEscapers;

/**
 * The only way text gets into the report: every string that came from a trace or a scenario
 * passes {@link #text}, so a scenario named {@code <script>} shows as text and cannot run. Guava's
 * escaper covers {@code & < > " '}, which makes the result safe in element content and in quoted
 * attributes alike. Control characters (other than tab and newline) become U+FFFD, because HTML
 * has no way to show them and a NUL would be a parse error.
 */
final class Html {

  private static final Escaper ESCAPER = HtmlEscapers.htmlEscaper();

  private Html() {}

  /** {@code value} escaped for element content or a quoted attribute. */
  static String text(String value) {
    StringBuilder clean = null;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean control = (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f;
      if (control && clean == null) {
        clean = new StringBuilder(value.length()).append(value, 0, i);
      }
      if (clean != null) {
        clean.append(control ? '\uFFFD' : c);
      }
    }
    return ESCAPER.escape(clean == null ? value : clean.toString());
  }

  /** A number with thin grouping ({@code 1 234 567}) so large counts stay readable. */
  static String count(long value) {
    String digits = Long.toString(Math.abs(value));
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < digits.length(); i++) {
      if (i > 0 && (digits.length() - i) % 3 == 0) {
        out.append('\u2009');
      }
      out.append(digits.charAt(i));
    }
    return (value < 0 ? "-" : "") + out;
  }

  /**
   * Milliseconds with three decimals, truncated, from integer nanoseconds: {@code 12345678}
   * becomes {@code 12.345 ms}. Integer arithmetic, so the bytes never depend on the JVM.
   */
  static String millis(long ns) {
    if (ns < 0) {
      return "-" + millis(-ns);
    }
    long us = ns / 1_000;
    String fraction = Long.toString(us % 1_000);
    return (us / 1_000) + "." + "0".repeat(3 - fraction.length()) + fraction + " ms";
  }
}
