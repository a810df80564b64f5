package dev.labyrinth.emulator.scenario;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;
import java.util.regex.Pattern;

/**
 * Checks a {@link YamlNode} tree against the field table, collecting problems instead of
 * throwing, so one pass reports everything wrong with a file.
 *
 * <p>Strict on types: YAML 1.1 would read {@code yes} as true and {@code 010} as 8, and a quoted
 * {@code '42'} is a string; none of these is accepted where an integer is expected. Returns null
 * for an invalid value (after reporting it) so the caller leaves the key out.
 */
final class Validator {
  private static final Pattern DECIMAL_INTEGER = Pattern.compile("[-+]?[0-9]+");

  private final List<Problem> problems;

  Validator(List<Problem> problems) {
    this.problems = problems;
  }

  /** Validates {@code node} as {@code type}; null when invalid (and reported). */
  Object validate(YamlNode node, FieldType type, String path) {
    if (node instanceof YamlNode.Scalar s && s.kind() == YamlNode.ScalarKind.INVALID) {
      return null; // already reported by the reader
    }
    if (type instanceof FieldType.Obj obj) {
      return validateObject(node, obj, path);
    } else if (type instanceof FieldType.ListOf list) {
      return validateList(node, list, path);
    } else if (type instanceof FieldType.Int i) {
      return validateInt(node, i, path);
    } else if (type instanceof FieldType.Size size) {
      return validateSize(node, size, path);
    } else if (type instanceof FieldType.Time time) {
      return validateTime(node, time, path);
    } else if (type instanceof FieldType.Text text) {
      return validateText(node, text, path);
    } else if (type instanceof FieldType.Choice choice) {
      return validateChoice(node, choice, path);
    } else if (type instanceof FieldType.Bool) {
      if (node instanceof YamlNode.Scalar s && s.kind() == YamlNode.ScalarKind.BOOLEAN) {
        return Boolean.valueOf(s.text().toLowerCase(java.util.Locale.ROOT).equals("true"));
      }
      report(node, path, "expected true or false, got " + node.describe());
      return null;
    }
    throw new IllegalStateException("unhandled field type " + type);
  }

  private ObjectValue validateObject(YamlNode node, FieldType.Obj obj, String path) {
    if (!(node instanceof YamlNode.Mapping mapping)) {
      report(node, path, "expected a mapping (key: value lines), got " + node.describe());
      return null;
    }
    Map<String, Object> values = new LinkedHashMap<>();
    Map<String, SourceMark> marks = new LinkedHashMap<>();
    Map<String, SourceMark> givenKeys = new LinkedHashMap<>();
    for (YamlNode.Entry entry : mapping.entries()) {
      String childPath = join(path, entry.key());
      Field field = obj.field(entry.key());
      if (field == null) {
        problems.add(entry.keyMark().problem(childPath, unknownKey(entry.key(), obj.names())));
        continue;
      }
      givenKeys.put(entry.key(), entry.keyMark());
      Object value = validate(entry.value(), field.type(), childPath);
      if (value != null) {
        values.put(entry.key(), value);
        marks.put(entry.key(), entry.value().mark());
      }
    }
    for (Field field : obj.fields()) {
      if (givenKeys.containsKey(field.name())) {
        continue;
      }
      if (field.required()) {
        problems.add(
            mapping.mark().problem(path, "missing required key `" + field.name() + "`"));
      } else if (field.defaultValue() != null) {
        values.put(field.name(), field.defaultValue());
      } else if (field.type() instanceof FieldType.Obj child && obj.groupOf(field.name()).isEmpty()) {
        // An absent optional mapping means "all defaults": validate an empty one to get them.
        Object defaults =
            validate(
                new YamlNode.Mapping(ImmutableList.of(), mapping.mark()),
                child,
                join(path, field.name()));
        if (defaults != null) {
          values.put(field.name(), defaults);
        }
      }
    }
    for (ImmutableList<String> group : obj.exactlyOneOf()) {
      List<String> given = new ArrayList<>();
      for (String name : group) {
        if (givenKeys.containsKey(name)) {
          given.add(name);
        }
      }
      if (given.isEmpty()) {
        problems.add(
            mapping.mark().problem(path, "give exactly one of " + orList(group)));
      } else if (given.size() > 1) {
        problems.add(
            givenKeys.get(given.get(1))
                .problem(
                    join(path, given.get(1)),
                    "`" + given.get(0) + "` and `" + given.get(1)
                        + "` can't both be given; keep one"));
      }
    }
    return new ObjectValue(path, mapping.mark(), ImmutableMap.copyOf(values), ImmutableMap.copyOf(marks));
  }

  private ImmutableList<Object> validateList(YamlNode node, FieldType.ListOf list, String path) {
    if (!(node instanceof YamlNode.Sequence sequence)) {
      report(node, path, "expected a list, got " + node.describe());
      return null;
    }
    int size = sequence.items().size();
    if (size > list.maxItems()) {
      report(node, path, "has " + size + " entries; the limit is " + list.maxItems());
      return null;
    }
    if (size < list.minItems()) {
      report(
          node,
          path,
          "needs at least " + list.minItems() + (list.minItems() == 1 ? " entry" : " entries"));
      return null;
    }
    ImmutableList.Builder<Object> values = ImmutableList.builder();
    for (int i = 0; i < size; i++) {
      Object value = validate(sequence.items().get(i), list.element(), path + "[" + i + "]");
      if (value != null) {
        values.add(value);
      }
    }
    return values.build();
  }

  private Long validateInt(YamlNode node, FieldType.Int type, String path) {
    String expected = "expected an integer";
    if (!(node instanceof YamlNode.Scalar s) || s.kind() != YamlNode.ScalarKind.INTEGER) {
      String hint =
          node instanceof YamlNode.Scalar s2
                  && s2.kind() == YamlNode.ScalarKind.STRING
                  && DECIMAL_INTEGER.matcher(s2.text()).matches()
              ? "; remove the quotes"
              : "";
      report(node, path, expected + ", got " + node.describe() + hint);
      return null;
    }
    String text = s.text();
    if (!DECIMAL_INTEGER.matcher(text).matches()) {
      report(node, path, "expected a decimal integer, got '" + text + "'");
      return null;
    }
    String digits = text.replaceFirst("^[-+]", "");
    if (digits.length() > 1 && digits.charAt(0) == '0') {
      report(
          node,
          path,
          "write '" + text + "' without leading zeros (YAML 1.1 would read it as octal)");
      return null;
    }
    long value;
    try {
      value = Long.parseLong(text.startsWith("+") ? text.substring(1) : text);
    } catch (NumberFormatException e) {
      report(node, path, "'" + text + "' is out of range; " + range(type.min(), type.max(), Long::toString));
      return null;
    }
    if (value < type.min() || value > type.max()) {
      report(node, path, range(type.min(), type.max(), Long::toString) + " (got " + value + ")");
      return null;
    }
    return value;
  }

  private Long validateSize(YamlNode node, FieldType.Size type, String path) {
    Optional<String> text = unitText(node, path, Units.SIZE_EXPECTED);
    if (text.isEmpty()) {
      return null;
    }
    long bytes;
    try {
      bytes = Units.parseSizeBytes(text.get());
    } catch (IllegalArgumentException e) {
      report(node, path, e.getMessage());
      return null;
    }
    if (bytes < type.min() || bytes > type.max()) {
      report(
          node,
          path,
          range(type.min(), type.max(), Units::formatSize) + " (got " + Units.formatSize(bytes) + ")");
      return null;
    }
    if (bytes % type.multiple() != 0) {
      report(
          node,
          path,
          "must be a multiple of " + Units.formatSize(type.multiple()) + " (got " + text.get() + " = "
              + bytes + "B)");
      return null;
    }
    return bytes;
  }

  private Long validateTime(YamlNode node, FieldType.Time type, String path) {
    Optional<String> text = unitText(node, path, Units.TIME_EXPECTED);
    if (text.isEmpty()) {
      return null;
    }
    long ns;
    try {
      ns = Units.parseTimeNs(text.get());
    } catch (IllegalArgumentException e) {
      report(node, path, e.getMessage());
      return null;
    }
    if (ns < type.min() || ns > type.max()) {
      report(
          node,
          path,
          range(type.min(), type.max(), Units::formatTime) + " (got " + text.get() + ")");
      return null;
    }
    return ns;
  }

  /** The text of a value that should carry a unit, or empty after reporting what it was. */
  private Optional<String> unitText(YamlNode node, String path, String expected) {
    if (node instanceof YamlNode.Scalar s
        && s.kind() == YamlNode.ScalarKind.STRING
        && !s.text().isEmpty()) {
      return Optional.of(s.text());
    }
    String detail =
        node instanceof YamlNode.Scalar s
                && (s.kind() == YamlNode.ScalarKind.INTEGER || s.kind() == YamlNode.ScalarKind.DECIMAL)
            ? "a number with no unit ('" + s.text() + "')"
            : node.describe();
    report(node, path, expected + ", got " + detail);
    return Optional.empty();
  }

  private String validateText(YamlNode node, FieldType.Text type, String path) {
    if (!(node instanceof YamlNode.Scalar s) || s.kind() != YamlNode.ScalarKind.STRING) {
      String hint = node instanceof YamlNode.Scalar ? "; put it in quotes if you mean text" : "";
      report(node, path, "expected a string, got " + node.describe() + hint);
      return null;
    }
    int length = s.text().codePointCount(0, s.text().length());
    if (length < type.minLength()) {
      report(node, path, type.minLength() == 1 ? "must not be empty" : "is too short");
      return null;
    }
    if (length > type.maxLength()) {
      report(
          node,
          path,
          "is " + length + " characters long; the limit is " + type.maxLength());
      return null;
    }
    return s.text();
  }

  private String validateChoice(YamlNode node, FieldType.Choice type, String path) {
    String expected = "expected one of " + orList(type.values());
    if (!(node instanceof YamlNode.Scalar s) || s.kind() != YamlNode.ScalarKind.STRING) {
      report(node, path, expected + ", got " + node.describe());
      return null;
    }
    if (type.values().contains(s.text())) {
      return s.text();
    }
    String suggestion =
        DidYouMean.suggest(s.text(), type.values()).map(v -> "; did you mean `" + v + "`?").orElse("");
    report(node, path, expected + ", got '" + s.text() + "'" + suggestion);
    return null;
  }

  private void report(YamlNode node, String path, String message) {
    problems.add(node.mark().problem(path, message));
  }

  static String unknownKey(String key, List<String> known) {
    return unknownKey(key, known, DidYouMean.suggest(key, known));
  }

  static String unknownKey(String key, List<String> known, Optional<String> suggestion) {
    if (suggestion.isPresent()) {
      return "unknown key `" + key + "`; did you mean `" + suggestion.get() + "`?";
    }
    return "unknown key `" + key + "`; expected one of: " + String.join(", ", known);
  }

  static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private static String orList(List<String> values) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        text.append(i == values.size() - 1 ? " or " : ", ");
      }
      text.append('`').append(values.get(i)).append('`');
    }
    return text.toString();
  }

  private static String range(long min, long max, LongFunction<String> format) {
    if (max == Long.MAX_VALUE && min == 1) {
      return "must be greater than 0";
    }
    if (max == Long.MAX_VALUE) {
      return "must be at least " + format.apply(min);
    }
    return "must be between " + format.apply(min) + " and " + format.apply(max);
  }
}
