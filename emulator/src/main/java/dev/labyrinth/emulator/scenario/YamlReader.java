package dev.labyrinth.emulator.scenario;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.fasterxml.jackson.dataformat.yaml.snakeyaml.error.Mark;
import com.fasterxml.jackson.dataformat.yaml.snakeyaml.error.MarkedYAMLException;
import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads YAML text into a {@link YamlNode} tree, reporting what strict scenarios forbid.
 *
 * <p>The only class that touches Jackson. It walks the YAML token stream itself rather than
 * binding, because binding stops at the first error, drops locations, silently turns an alias
 * into its anchor's name (observed with Jackson 2.23) and ignores SnakeYAML's composer-level
 * limits. Here duplicates, anchors, aliases, tags, over-long strings, deep nesting and extra
 * documents are each reported with their position and reading continues where the tree stays
 * usable. Syntax errors and nesting past the limit end reading: the rest of the tree would be
 * guesswork.
 *
 * <p>Jackson 2.23 does not report anchors on scalars ({@code getObjectId()} is null for
 * {@code a: &x 1}), so node properties ({@code &anchor}, {@code !tag}) are also read from the
 * source text at each node's start position.
 */
final class YamlReader {
  /** Deepest allowed nesting of mappings and lists; the root mapping is depth 1. */
  static final int MAX_DEPTH = 20;

  /** Longest allowed string (key or value), in chars. */
  static final int MAX_STRING_CHARS = 64 * 1024;

  /** Maps the parser's 1-based line and column to a mark (files and overrides differ). */
  interface MarkFactory {
    SourceMark at(int line, int column);
  }

  private static final YAMLFactory FACTORY = buildFactory();

  private final YAMLParser parser;
  private final String text;
  private final int[] lineStarts;
  private final MarkFactory marks;
  private final List<Problem> problems;
  private final String basePath;

  /** Thrown inside the reader to stop after a fatal, already reported, problem. */
  private static final class Stop extends Exception {
    private static final long serialVersionUID = 1L;

    Stop() {
      super(null, null, false, false);
    }
  }

  private YamlReader(String text, MarkFactory marks, List<Problem> problems, String basePath)
      throws IOException {
    this.basePath = basePath;
    this.parser = (YAMLParser) FACTORY.createParser(text);
    this.text = text;
    this.lineStarts = lineStarts(text);
    this.marks = marks;
    this.problems = problems;
  }

  private static YAMLFactory buildFactory() {
    LoaderOptions loader = new LoaderOptions();
    // Backstops only: the loader checks the byte size first and this reader checks depth and
    // string length itself, with better messages.
    loader.setCodePointLimit((1 << 20) + 1024);
    loader.setNestingDepthLimit(MAX_DEPTH + 10);
    return YAMLFactory.builder()
        .loaderOptions(loader)
        .streamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(MAX_DEPTH + 10)
                .maxStringLength(2 << 20)
                .maxNumberLength(10_000)
                .build())
        .build();
  }

  /**
   * Reads one YAML document.
   *
   * @param basePath the path of the root node in problems ("" for a file, the key for an override)
   * @param emptyAs what an empty text means; null to report "empty" as a problem
   * @return the root node, or null when the text is unusable (the reason is in {@code problems})
   */
  static YamlNode read(
      String text, MarkFactory marks, List<Problem> problems, String basePath, YamlNode emptyAs) {
    try {
      YamlReader reader = new YamlReader(text, marks, problems, basePath);
      try (YAMLParser ignored = reader.parser) {
        return reader.readDocument(emptyAs);
      }
    } catch (IOException e) {
      // Reading from a String does no I/O; any IOException left is a bug, not bad input.
      throw new UncheckedIOException(e);
    }
  }

  private YamlNode readDocument(YamlNode emptyAs) throws IOException {
    try {
      JsonToken first = parser.nextToken();
      if (first == null) {
        if (emptyAs == null) {
          problems.add(
              marks.at(1, 1)
                  .problem(
                      "",
                      "the file is empty; a scenario needs at least name, duration and machine"));
        }
        return emptyAs;
      }
      YamlNode root = readValue(first, basePath, 1);
      JsonToken extra = parser.nextToken();
      if (extra != null) {
        problems.add(
            mark()
                .problem(
                    "",
                    "only one YAML document is allowed; remove the second document"
                        + " (everything from its `---` line)"));
      }
      return root;
    } catch (Stop stop) {
      return null;
    } catch (MarkedYAMLException e) {
      Mark at = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      int line = at == null ? 1 : at.getLine() + 1;
      int column = at == null ? 1 : at.getColumn() + 1;
      String message = "invalid YAML: " + nullToEmpty(e.getProblem());
      if (e.getContext() != null) {
        message += " (" + e.getContext() + ")";
      }
      problems.add(marks.at(line, column).problem(basePath, message.strip()));
      return null;
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      int line = at == null || at.getLineNr() < 1 ? 1 : at.getLineNr();
      int column = at == null || at.getColumnNr() < 1 ? 1 : at.getColumnNr();
      problems.add(marks.at(line, column).problem(basePath, "invalid YAML: " + firstLine(e)));
      return null;
    }
  }

  private YamlNode readValue(JsonToken token, String path, int depth) throws IOException, Stop {
    SourceMark mark = mark();
    if (token == null) {
      // Jackson 2.23 ends the stream early on some tagged scalars (`{name: !!int -}`).
      problems.add(mark.problem(path, "invalid YAML: the document ends where a value was expected"));
      throw new Stop();
    }
    boolean hasProperties = checkProperties(mark, path);
    switch (token) {
      case START_OBJECT:
        return readMapping(mark, path, depth);
      case START_ARRAY:
        return readSequence(mark, path, depth);
      case VALUE_STRING:
        if (parser.isCurrentAlias()) {
          problems.add(
              mark.problem(
                  path,
                  "aliases (`*" + parser.getText() + "`) are not allowed; write the value out"));
          return new YamlNode.Scalar(parser.getText(), YamlNode.ScalarKind.INVALID, mark);
        }
        return scalar(YamlNode.ScalarKind.STRING, mark, path, hasProperties);
      case VALUE_NUMBER_INT:
        return scalar(YamlNode.ScalarKind.INTEGER, mark, path, hasProperties);
      case VALUE_NUMBER_FLOAT:
        return scalar(YamlNode.ScalarKind.DECIMAL, mark, path, hasProperties);
      case VALUE_TRUE:
      case VALUE_FALSE:
        return scalar(YamlNode.ScalarKind.BOOLEAN, mark, path, hasProperties);
      case VALUE_NULL:
        return scalar(YamlNode.ScalarKind.NULL, mark, path, hasProperties);
      default:
        problems.add(mark.problem(path, "unsupported YAML value"));
        return new YamlNode.Scalar("", YamlNode.ScalarKind.INVALID, mark);
    }
  }

  private YamlNode scalar(
      YamlNode.ScalarKind kind, SourceMark mark, String path, boolean hasProperties)
      throws IOException {
    String value = parser.getText();
    if (value.length() > MAX_STRING_CHARS) {
      problems.add(
          mark.problem(
              path,
              "string of " + value.length() + " characters is longer than the limit of "
                  + MAX_STRING_CHARS));
      return new YamlNode.Scalar("", YamlNode.ScalarKind.INVALID, mark);
    }
    // A tagged or anchored scalar was reported already; don't pile a type error on top.
    return new YamlNode.Scalar(value, hasProperties ? YamlNode.ScalarKind.INVALID : kind, mark);
  }

  private YamlNode readMapping(SourceMark mark, String path, int depth) throws IOException, Stop {
    checkDepth(mark, path, depth);
    Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
    JsonToken token;
    while ((token = parser.nextToken()) != JsonToken.END_OBJECT) {
      if (token != JsonToken.FIELD_NAME) {
        // Only a truncated token stream gets here (see readValue); the rest would be guesswork.
        problems.add(mark().problem(path, "invalid YAML: a key was expected here"));
        throw new Stop();
      }
      String key = parser.getText();
      SourceMark keyMark = mark();
      String keyPath = path.isEmpty() ? key : path + "." + key;
      YamlNode value = readValue(parser.nextToken(), keyPath, depth + 1);
      if (key.length() > MAX_STRING_CHARS) {
        problems.add(keyMark.problem(path, "key longer than " + MAX_STRING_CHARS + " characters"));
        continue;
      }
      YamlNode.Entry first = entries.get(key);
      if (first != null) {
        problems.add(
            keyMark.problem(
                keyPath,
                "duplicate key `" + key + "` (first given at " + first.keyMark().shortWhere()
                    + ")"));
        continue;
      }
      entries.put(key, new YamlNode.Entry(key, keyMark, value));
    }
    return new YamlNode.Mapping(ImmutableList.copyOf(entries.values()), mark);
  }

  private YamlNode readSequence(SourceMark mark, String path, int depth) throws IOException, Stop {
    checkDepth(mark, path, depth);
    List<YamlNode> items = new ArrayList<>();
    JsonToken token;
    while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
      if (token == null) {
        problems.add(mark().problem(path, "invalid YAML: the list is not closed"));
        throw new Stop();
      }
      items.add(readValue(token, path + "[" + items.size() + "]", depth + 1));
    }
    return new YamlNode.Sequence(ImmutableList.copyOf(items), mark);
  }

  private void checkDepth(SourceMark mark, String path, int depth) throws Stop {
    if (depth > MAX_DEPTH) {
      problems.add(
          mark.problem(
              path, "nesting is deeper than the limit of " + MAX_DEPTH + " levels"));
      throw new Stop();
    }
  }

  /**
   * Reports anchors and tags on the current node, read from the source text at its start.
   *
   * @return whether the node carried any
   */
  private boolean checkProperties(SourceMark mark, String path) throws IOException {
    boolean found = false;
    JsonLocation at = parser.currentTokenLocation();
    int offset = offsetOf(at.getLineNr(), at.getColumnNr());
    while (offset >= 0 && offset < text.length()) {
      char c = text.charAt(offset);
      if (c != '!' && c != '&') {
        break;
      }
      int end = offset;
      while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
        end++;
      }
      String property = text.substring(offset, end);
      problems.add(
          mark.problem(
              path,
              c == '&'
                  ? "anchors (`" + property + "`) are not allowed; write each value out"
                  : "YAML tags (`" + property + "`) are not allowed; write the plain value"));
      found = true;
      offset = end;
      while (offset < text.length() && (text.charAt(offset) == ' ' || text.charAt(offset) == '\t')) {
        offset++;
      }
    }
    if (!found && (parser.getObjectId() != null || parser.getTypeId() != null)) {
      // The text scan missed it (an unusual layout); Jackson's own report is enough to refuse.
      problems.add(
          mark.problem(path, "anchors and YAML tags are not allowed; write the plain value"));
      found = true;
    }
    return found;
  }

  private SourceMark mark() {
    JsonLocation at = parser.currentTokenLocation();
    return marks.at(Math.max(1, at.getLineNr()), Math.max(1, at.getColumnNr()));
  }

  /** The char offset of a 1-based line and code-point column, or -1 when out of range. */
  private int offsetOf(int line, int column) {
    if (line < 1 || line > lineStarts.length || column < 1) {
      return -1;
    }
    int start = lineStarts[line - 1];
    try {
      return text.offsetByCodePoints(start, column - 1);
    } catch (IndexOutOfBoundsException e) {
      return -1;
    }
  }

  private static int[] lineStarts(String text) {
    List<Integer> starts = new ArrayList<>();
    starts.add(0);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
        starts.add(i + 1);
      }
    }
    return starts.stream().mapToInt(Integer::intValue).toArray();
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  private static String firstLine(JsonProcessingException e) {
    String message = nullToEmpty(e.getOriginalMessage()).strip();
    int newline = message.indexOf('\n');
    if (newline >= 0) {
      message = message.substring(0, newline);
    }
    if (message.contains("Constraints") || message.contains("com.fasterxml")) {
      return "the document exceeds a parser limit";
    }
    return message;
  }
}
