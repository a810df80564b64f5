package dev.labyrinth.emulator.cli;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Makes hostile scenario inputs from good ones, one mutation class at a time, so a fuzz failure
 * names the class that found it. Deterministic: the same seed and base give the same bytes.
 */
final class ScenarioMutator {

  /** The kinds of damage, each a way real scenario files go wrong (or are made to). */
  enum Kind {
    DELETE_LINE, DUPLICATE_LINE, SWAP_LINES, WRONG_TYPE, EXTREME_NUMBER, UNICODE, INVALID_UTF8,
    DEEP_NESTING, ANCHOR_ALIAS, BILLION_LAUGHS, TAG, EMPTY, GARBAGE, TRUNCATE, BYTE_FLIP,
    INDENT, RENAME_KEY, SPLICE, MANY_ITEMS, LONG_STRING, MULTI_DOCUMENT, LINE_ENDINGS, STACKED
  }

  private static final String[] WRONG_VALUES = {
    "true", "\"4\"", "[1, 2]", "{a: 1}", "null", "~", "4.5", "yes", "010", "0x10", ".inf",
    "-.nan", "''", "[]", "{}", "2ms", "1GiB", "GFP_ATOMIC", "-", "\"\"", "0b11", "1_000", "+5",
    "1e3", "2001-12-14", "=", "<<: {a: 1}", "|\n  block", ">-\n  folded", "? complex\n: key"};

  private static final String[] EXTREME_NUMBERS = {
    "0", "-1", "-0", "2147483647", "2147483648", "-2147483649", "9223372036854775807",
    "9223372036854775808", "-9223372036854775808", "99999999999999999999999999999999",
    "1e400", "0.000000001", "18446744073709551616KiB", "9223372036854775807ns", "16EiB",
    "9999999TiB", "-5ms", "0ns", "1ns", "0B", "1B", "4095B", "3.3KiB", "1.5s", "106751d",
    "9223372036854775807s", "1" + "0".repeat(5000)};

  private static final String[] UNICODE = {
    "\u202E", "\uD83D\uDE00", "\u0301", "\u0000", "\uFFFE", "\uFEFF", "\u2028", "\u00A0", "\t",
    "\u0007", "\u001B[31m", "\u4E2D\u6587", "\u200B", "\uFFFD", "\r", "\u0085"};

  private static final String[] TAGS = {
    "!!java.lang.Runtime", "!!binary", "!!python/object:os.system", "!foo", "!!str", "!!int",
    "!<tag:yaml.org,2002:java.net.URL>", "!!javax.script.ScriptEngineManager", "!!map", "!!set",
    "!!omap", "!"};

  private static final String[] EMPTY = {"", "\n", "---", "---\n...", "# only a comment\n",
    "\uFEFF", "...", "null", "~", "   \n\t\n", "[]", "{}", "''", "- a\n- b"};

  private final SplittableRandom random;
  private final List<byte[]> bases;

  ScenarioMutator(long seed, List<byte[]> bases) {
    this.random = new SplittableRandom(seed);
    this.bases = bases;
  }

  /** One mutated input of {@code kind} from a random base scenario. */
  byte[] mutate(Kind kind) {
    byte[] base = bases.get(random.nextInt(bases.size()));
    return apply(kind, base);
  }

  private byte[] apply(Kind kind, byte[] base) {
    String text = new String(base, StandardCharsets.UTF_8);
    List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
    switch (kind) {
      case DELETE_LINE:
        lines.remove(random.nextInt(lines.size()));
        return join(lines);
      case DUPLICATE_LINE: {
        int i = random.nextInt(lines.size());
        lines.add(random.nextInt(lines.size() + 1), lines.get(i));
        return join(lines);
      }
      case SWAP_LINES: {
        int i = random.nextInt(lines.size());
        int j = random.nextInt(lines.size());
        String t = lines.get(i);
        lines.set(i, lines.get(j));
        lines.set(j, t);
        return join(lines);
      }
      case WRONG_TYPE:
        return replaceValue(lines, pick(WRONG_VALUES));
      case EXTREME_NUMBER:
        return replaceNumber(text, pick(EXTREME_NUMBERS));
      case UNICODE:
        return utf8(insertAt(text, pick(UNICODE)));
      case INVALID_UTF8:
        return insertBytes(base);
      case DEEP_NESTING:
        return deepNesting(lines);
      case ANCHOR_ALIAS:
        return anchorAlias(lines);
      case BILLION_LAUGHS:
        return utf8(billionLaughs());
      case TAG:
        return replaceValue(lines, pick(TAGS) + " " + pick(WRONG_VALUES));
      case EMPTY:
        return utf8(pick(EMPTY));
      case GARBAGE: {
        byte[] bytes = new byte[random.nextInt(4097)];
        random.nextBytes(bytes);
        return bytes;
      }
      case TRUNCATE:
        return Arrays.copyOf(base, random.nextInt(base.length + 1));
      case BYTE_FLIP: {
        byte[] bytes = base.clone();
        for (int n = 1 + random.nextInt(4); n > 0; n--) {
          bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
        }
        return bytes;
      }
      case INDENT: {
        int i = random.nextInt(lines.size());
        String line = lines.get(i);
        lines.set(i, random.nextBoolean() ? "  " + line : line.stripLeading());
        return join(lines);
      }
      case RENAME_KEY:
        return renameKey(lines);
      case SPLICE: {
        String[] other = new String(bases.get(random.nextInt(bases.size())),
            StandardCharsets.UTF_8).split("\n", -1);
        int from = random.nextInt(other.length);
        int to = Math.min(other.length, from + 1 + random.nextInt(6));
        lines.addAll(random.nextInt(lines.size() + 1), Arrays.asList(other).subList(from, to));
        return join(lines);
      }
      case MANY_ITEMS:
        return manyItems(text);
      case LONG_STRING:
        return replaceValue(lines, "x".repeat(60_000 + random.nextInt(10_000)));
      case MULTI_DOCUMENT:
        return utf8(text + "\n---\n" + text);
      case LINE_ENDINGS:
        return utf8(random.nextBoolean() ? text.replace("\n", "\r\n") : text.replace("\n", "\r"));
      case STACKED: {
        byte[] bytes = base;
        for (int n = 2 + random.nextInt(3); n > 0; n--) {
          Kind next = Kind.values()[random.nextInt(Kind.STACKED.ordinal())];
          if (next != Kind.BILLION_LAUGHS && next != Kind.EMPTY && next != Kind.GARBAGE) {
            bytes = apply(next, bytes);
          }
        }
        return bytes;
      }
      default:
        throw new AssertionError(kind);
    }
  }

  private String pick(String[] values) {
    return values[random.nextInt(values.length)];
  }

  /** Replaces the value after the first ": " on a random line that has one. */
  private byte[] replaceValue(List<String> lines, String value) {
    for (int tries = 0; tries < 20; tries++) {
      int i = random.nextInt(lines.size());
      String line = lines.get(i);
      int colon = line.indexOf(": ");
      if (colon > 0 && !line.stripLeading().startsWith("#")) {
        int end = line.indexOf(',', colon);
        String tail = end > 0 && line.contains("{") ? line.substring(end) : "";
        lines.set(i, line.substring(0, colon + 2) + value + tail);
        return join(lines);
      }
    }
    return join(lines);
  }

  /** Replaces one run of digits (with its unit, if any) somewhere in the text. */
  private byte[] replaceNumber(String text, String number) {
    List<int[]> runs = new ArrayList<>();
    for (int i = 0; i < text.length(); i++) {
      if (Character.isDigit(text.charAt(i)) && (i == 0 || !Character.isLetterOrDigit(
          text.charAt(i - 1)))) {
        int end = i;
        while (end < text.length() && Character.isLetterOrDigit(text.charAt(end))) {
          end++;
        }
        runs.add(new int[] {i, end});
        i = end;
      }
    }
    if (runs.isEmpty()) {
      return utf8(text);
    }
    int[] run = runs.get(random.nextInt(runs.size()));
    return utf8(text.substring(0, run[0]) + number + text.substring(run[1]));
  }

  private String insertAt(String text, String insert) {
    int at = text.isEmpty() ? 0 : random.nextInt(text.length() + 1);
    while (at > 0 && at < text.length() && Character.isLowSurrogate(text.charAt(at))) {
      at--;
    }
    return text.substring(0, at) + insert + text.substring(at);
  }

  private byte[] insertBytes(byte[] base) {
    int at = random.nextInt(base.length + 1);
    byte[] junk = new byte[1 + random.nextInt(3)];
    for (int i = 0; i < junk.length; i++) {
      junk[i] = (byte) (0x80 + random.nextInt(128));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(base, 0, at);
    out.writeBytes(junk);
    out.write(base, at, base.length - at);
    return out.toByteArray();
  }

  private byte[] deepNesting(List<String> lines) {
    int depth = random.nextBoolean() ? 15 + random.nextInt(10) : 100 + random.nextInt(20_000);
    if (random.nextBoolean()) {
      return replaceValue(lines, "[".repeat(depth) + "]".repeat(depth));
    }
    StringBuilder block = new StringBuilder("nest:\n");
    for (int d = 1; d < Math.min(depth, 400); d++) {
      block.append(" ".repeat(d)).append("k").append(d).append(":\n");
    }
    block.append(" ".repeat(Math.min(depth, 400))).append("v: 1\n");
    return utf8(String.join("\n", lines) + "\n" + block);
  }

  private byte[] anchorAlias(List<String> lines) {
    for (int tries = 0; tries < 20; tries++) {
      int i = random.nextInt(lines.size());
      String line = lines.get(i);
      int colon = line.indexOf(": ");
      if (colon > 0 && !line.stripLeading().startsWith("#") && !line.contains("{")) {
        lines.set(i, line.substring(0, colon + 2) + "&a " + line.substring(colon + 2));
        lines.add(random.nextBoolean() ? "extra: *a" : "<<: *a");
        return join(lines);
      }
    }
    lines.add(0, "base: &b {cpus: 1}");
    lines.add("machine2: *b");
    return join(lines);
  }

  private String billionLaughs() {
    StringBuilder doc = new StringBuilder("a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    int levels = 5 + random.nextInt(10);
    for (int i = 1; i <= levels; i++) {
      doc.append("a").append(i).append(": &a").append(i).append(" [");
      for (int j = 0; j < 9; j++) {
        doc.append(j == 0 ? "" : ",").append("*a").append(i - 1);
      }
      doc.append("]\n");
    }
    return doc.append("name: *a").append(levels).append('\n').toString();
  }

  private byte[] renameKey(List<String> lines) {
    String[] keys = {"nmae", "cpu", "memroy", "sysctls", "vm.min_free_kbyte", "devices ",
      "Name", "kind", "period", "__proto__", "<<", "duration", "seed", "tasks", "?"};
    for (int tries = 0; tries < 20; tries++) {
      int i = random.nextInt(lines.size());
      String line = lines.get(i);
      int colon = line.indexOf(':');
      int start = line.length() - line.stripLeading().length();
      if (line.stripLeading().startsWith("- ")) {
        start += 2;
      }
      if (colon > start && !line.stripLeading().startsWith("#")) {
        lines.set(i, line.substring(0, start) + pick(keys) + line.substring(colon));
        return join(lines);
      }
    }
    return join(lines);
  }

  private byte[] manyItems(String text) {
    int n = 200 + random.nextInt(2000);
    StringBuilder out = new StringBuilder(text.replaceAll("(?m)^devices:.*\\n(  .*\\n)*", ""));
    if (random.nextBoolean()) {
      out.append("\ndevices:\n");
      for (int i = 0; i < n; i++) {
        out.append("  - {name: d").append(i).append(", kind: timer, period: ")
            .append(1 + random.nextInt(5)).append("us}\n");
      }
    } else {
      out.append("\ntasks:\n");
      for (int i = 0; i < n; i++) {
        out.append("  - {name: t").append(i).append(", steps: [{compute: 1us}]}\n");
      }
    }
    return utf8(out.toString());
  }

  private static byte[] join(List<String> lines) {
    return utf8(String.join("\n", lines));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
