package dev.labyrinth.emulator.scenario;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes and times with units, parsed with exact integer arithmetic (never floating point).
 *
 * <p>Sizes are binary, as Linux's are: {@code B, KiB, MiB, GiB, TiB}. Decimal units such as
 * {@code MB} are rejected with a hint rather than guessed. Times are {@code ns, us, ms, s}. A
 * decimal mantissa is allowed only when the result is a whole number of the base unit
 * ({@code 1.5KiB} = 1536 B; {@code 0.5ns} is rejected), so a value always means one exact integer.
 */
public final class Units {
  /** The shape of a size string; the JSON Schema's pattern must be exactly this. */
  static final String SIZE_PATTERN = "^[0-9]+(\\.[0-9]+)?(B|KiB|MiB|GiB|TiB)$";

  /** The shape of a time string; the JSON Schema's pattern must be exactly this. */
  static final String TIME_PATTERN = "^[0-9]+(\\.[0-9]+)?(ns|us|ms|s)$";

  private static final Pattern NUMBER_AND_UNIT =
      Pattern.compile("([0-9]+)(?:\\.([0-9]+))?([A-Za-z]*)");

  /** Largest unit first, so formatting picks the most readable exact unit. */
  private static final ImmutableMap<String, Long> SIZE_UNITS =
      ImmutableMap.of(
          "TiB", 1L << 40, "GiB", 1L << 30, "MiB", 1L << 20, "KiB", 1L << 10, "B", 1L);

  private static final ImmutableMap<String, Long> TIME_UNITS =
      ImmutableMap.of("s", 1_000_000_000L, "ms", 1_000_000L, "us", 1_000L, "ns", 1L);

  static final String SIZE_EXPECTED =
      "expected a size with a binary unit (B, KiB, MiB, GiB, TiB), e.g. 256MiB";
  static final String TIME_EXPECTED =
      "expected a time with a unit (ns, us, ms, s), e.g. 4ms";

  /** Fractions longer than this cannot be exact in a long anyway and would overflow 10^n. */
  private static final int MAX_FRACTION_DIGITS = 18;

  private Units() {}

  /**
   * Parses a size such as {@code 4KiB}, {@code 1.5GiB} or {@code 512B} into bytes.
   *
   * @throws IllegalArgumentException with a message fit for users when the text is not a valid,
   *     exact, in-range size
   */
  public static long parseSizeBytes(String text) {
    checkNotNull(text, "text");
    return parse(text, SIZE_UNITS, SIZE_EXPECTED, "byte", Units::sizeUnitHint);
  }

  /**
   * Parses a time such as {@code 4ms}, {@code 2.5us} or {@code 1s} into nanoseconds.
   *
   * @throws IllegalArgumentException with a message fit for users when the text is not a valid,
   *     exact, in-range time
   */
  public static long parseTimeNs(String text) {
    checkNotNull(text, "text");
    return parse(text, TIME_UNITS, TIME_EXPECTED, "nanosecond", Units::timeUnitHint);
  }

  /** The shortest exact spelling of a byte count, e.g. 16777216 -> {@code 16MiB}. */
  static String formatSize(long bytes) {
    return format(bytes, SIZE_UNITS);
  }

  /** The shortest exact spelling of a nanosecond count, e.g. 4000000 -> {@code 4ms}. */
  static String formatTime(long ns) {
    return format(ns, TIME_UNITS);
  }

  private static String format(long value, Map<String, Long> units) {
    for (Map.Entry<String, Long> unit : units.entrySet()) {
      if (value != 0 && value % unit.getValue() == 0) {
        return (value / unit.getValue()) + unit.getKey();
      }
    }
    return value + lastKey(units);
  }

  private static String lastKey(Map<String, Long> units) {
    String last = "";
    for (String key : units.keySet()) {
      last = key;
    }
    return last;
  }

  private interface Hint {
    String forUnknownUnit(String unit);
  }

  /** The text as a problem message may show it: one line, control characters escaped. */
  static String shown(String text) {
    StringBuilder b = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (Character.isISOControl(c)) {
            b.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }

  private static long parse(
      String text, Map<String, Long> units, String expected, String baseName, Hint hint) {
    String trimmed = text.strip();
    if (trimmed.isEmpty()) {
      throw new IllegalArgumentException(expected + ", got an empty string");
    }
    if (trimmed.startsWith("-")) {
      throw new IllegalArgumentException(
          "must not be negative (got '" + shown(text) + "'); " + expected);
    }
    if (!trimmed.equals(text) || trimmed.contains(" ")) {
      throw new IllegalArgumentException(
          "write the number and unit without spaces (got '" + shown(text) + "'); " + expected);
    }
    Matcher m = NUMBER_AND_UNIT.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(expected + ", got '" + shown(text) + "'");
    }
    String unit = m.group(3);
    if (unit.isEmpty()) {
      throw new IllegalArgumentException(expected + ", got '" + shown(text) + "' with no unit");
    }
    Long scale = units.get(unit);
    if (scale == null) {
      throw new IllegalArgumentException(
          "unknown unit '" + unit + "' in '" + text + "'" + hint.forUnknownUnit(unit) + "; "
              + expected);
    }
    String whole = m.group(1);
    String fraction = m.group(2) == null ? "" : stripTrailingZeros(m.group(2));
    if (fraction.length() > MAX_FRACTION_DIGITS) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a whole number of " + baseName + "s");
    }
    try {
      long mantissa = Long.parseLong(stripLeadingZeros(whole + fraction));
      long denominator = pow10(fraction.length());
      long scaled = Math.multiplyExact(mantissa, scale);
      if (scaled % denominator != 0) {
        throw new IllegalArgumentException(
            "'" + text + "' is not a whole number of " + baseName + "s");
      }
      return scaled / denominator;
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is too large (at most " + Long.MAX_VALUE + " " + baseName + "s)");
    }
  }

  private static String stripTrailingZeros(String digits) {
    int end = digits.length();
    while (end > 0 && digits.charAt(end - 1) == '0') {
      end--;
    }
    return digits.substring(0, end);
  }

  private static String stripLeadingZeros(String digits) {
    int start = 0;
    while (start < digits.length() - 1 && digits.charAt(start) == '0') {
      start++;
    }
    return digits.substring(start);
  }

  private static long pow10(int exponent) {
    long result = 1;
    for (int i = 0; i < exponent; i++) {
      result = Math.multiplyExact(result, 10L);
    }
    return result;
  }

  private static String sizeUnitHint(String unit) {
    String lower = unit.toLowerCase(Locale.ROOT);
    switch (lower) {
      case "k", "kb", "kib":
        return " (Linux sizes are binary: did you mean KiB?)";
      case "m", "mb", "mib":
        return " (Linux sizes are binary: did you mean MiB?)";
      case "g", "gb", "gib":
        return " (Linux sizes are binary: did you mean GiB?)";
      case "t", "tb", "tib":
        return " (Linux sizes are binary: did you mean TiB?)";
      case "b", "byte", "bytes":
        return " (did you mean B?)";
      default:
        return "";
    }
  }

  private static String timeUnitHint(String unit) {
    switch (unit.toLowerCase(Locale.ROOT)) {
      case "sec", "secs", "second", "seconds", "s":
        return " (did you mean s?)";
      case "msec", "msecs", "millis", "ms":
        return " (did you mean ms?)";
      case "usec", "usecs", "micros", "\u00b5s", "us":
        return " (did you mean us?)";
      case "nsec", "nsecs", "nanos", "ns":
        return " (did you mean ns?)";
      case "m", "min", "mins", "minute", "minutes", "h", "hr", "hour", "hours":
        return " (the largest unit is s)";
      default:
        return "";
    }
  }
}
