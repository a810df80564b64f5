package dev.labyrinth.emulator.scenario;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Applies {@code --set key=value} overrides to the YAML tree before validation, so an override is
 * checked exactly like file content and its problems point into the override text.
 *
 * <p>Keys are dotted paths resolved against the field table, longest key first, so sysctl names
 * keep their dots: {@code machine.sysctl.vm.min_free_kbytes=4096}. A key starting with {@code vm.}
 * is short for {@code machine.sysctl.vm...}. The value is read as one line of YAML, so
 * {@code vm.lowmem_reserve_ratio=[256,256,32]} gives a list. Setting one key of an exactly-one-of
 * group removes the others ({@code machine.memory=2GiB} replaces the file's {@code zones}). Problems
 * use source {@code --set}, line = which override (1-based), column inside its text.
 */
final class Overrides {
  static final String SOURCE = "--set";
  private static final String SYSCTL_PREFIX = "vm.";

  private Overrides() {}

  /** The root with every valid override applied; problems with overrides go to {@code problems}. */
  static YamlNode.Mapping apply(YamlNode.Mapping root, List<String> overrides, List<Problem> problems) {
    YamlNode.Mapping result = root;
    for (int i = 0; i < overrides.size(); i++) {
      YamlNode.Mapping applied = applyOne(result, overrides.get(i), i + 1, problems);
      if (applied != null) {
        result = applied;
      }
    }
    return result;
  }

  private static YamlNode.Mapping applyOne(
      YamlNode.Mapping root, String override, int index, List<Problem> problems) {
    int eq = override.indexOf('=');
    if (eq <= 0) {
      problems.add(
          mark(index, 1)
              .problem(
                  "",
                  eq < 0
                      ? "expected key=value, e.g. machine.cpus=2 (got '" + override + "')"
                      : "missing key before `=`"));
      return null;
    }
    String key = override.substring(0, eq);
    String valueText = override.substring(eq + 1);
    if (valueText.indexOf('\n') >= 0 || valueText.indexOf('\r') >= 0) {
      problems.add(mark(index, eq + 2).problem(key, "the value must be on one line"));
      return null;
    }
    Optional<List<String>> names = resolve(key, index, problems);
    if (names.isEmpty()) {
      return null;
    }
    String path = String.join(".", names.get());
    SourceMark valueMark = mark(index, eq + 2);
    YamlNode value =
        YamlReader.read(
            valueText,
            (line, column) -> mark(index, eq + 1 + column),
            problems,
            path,
            new YamlNode.Scalar("", YamlNode.ScalarKind.NULL, valueMark));
    if (value == null) {
      return null;
    }
    return set(root, ScenarioFields.ROOT, names.get(), 0, value, mark(index, 1), "", problems, path);
  }

  /** The key's path as field names, or empty after reporting an unknown key. */
  private static Optional<List<String>> resolve(String key, int index, List<Problem> problems) {
    List<String> names = new ArrayList<>();
    FieldType.Obj current = ScenarioFields.ROOT;
    int pos = 0;
    if (key.startsWith(SYSCTL_PREFIX)) {
      names.add("machine");
      names.add("sysctl");
      current = ScenarioFields.SYSCTL;
    }
    while (true) {
      String rest = key.substring(pos);
      Field match = longestMatch(current, rest);
      String soFar = String.join(".", names);
      if (match == null) {
        String message =
            rest.contains("[")
                ? "can't set one entry of a list; set the whole list, e.g. "
                    + "devices=[{name: tick, kind: timer, period: 4ms}]"
                : Validator.unknownKey(rest, current.names(), suggestion(rest, current));
        problems.add(mark(index, pos + 1).problem(Validator.join(soFar, rest), message));
        return Optional.empty();
      }
      names.add(match.name());
      if (rest.equals(match.name())) {
        return Optional.of(names);
      }
      if (!(match.type() instanceof FieldType.Obj child)) {
        problems.add(
            mark(index, pos + 1)
                .problem(
                    String.join(".", names),
                    match.type() instanceof FieldType.ListOf
                        ? "can't set one entry of a list; set the whole list"
                        : "`" + match.name() + "` has no keys inside it"));
        return Optional.empty();
      }
      current = child;
      pos += match.name().length() + 1;
    }
  }

  private static Field longestMatch(FieldType.Obj obj, String rest) {
    Field best = null;
    for (Field field : obj.fields()) {
      boolean matches = rest.equals(field.name()) || rest.startsWith(field.name() + ".");
      if (matches && (best == null || field.name().length() > best.name().length())) {
        best = field;
      }
    }
    return best;
  }

  /** Did-you-mean for a dotted key: compares each field with as many segments of the typo. */
  private static Optional<String> suggestion(String rest, FieldType.Obj obj) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    String[] segments = rest.split("\\.", -1);
    for (Field field : obj.fields()) {
      int parts = field.name().split("\\.", -1).length;
      String typed = String.join(".", ImmutableList.copyOf(segments).subList(0, Math.min(parts, segments.length)));
      Optional<String> near = DidYouMean.suggest(typed, ImmutableList.of(field.name()));
      int d = DidYouMean.distance(typed, field.name());
      if (near.isPresent() && d < bestDistance) {
        best = field.name();
        bestDistance = d;
      }
    }
    return Optional.ofNullable(best);
  }

  private static YamlNode.Mapping set(
      YamlNode.Mapping mapping,
      FieldType.Obj type,
      List<String> names,
      int depth,
      YamlNode value,
      SourceMark keyMark,
      String path,
      List<Problem> problems,
      String fullPath) {
    String name = names.get(depth);
    if (depth == names.size() - 1) {
      YamlNode.Mapping result = mapping.with(new YamlNode.Entry(name, keyMark, value));
      for (String other : type.groupOf(name)) {
        if (!other.equals(name)) {
          result = result.without(other);
        }
      }
      return result;
    }
    YamlNode.Entry entry = mapping.get(name);
    YamlNode child = entry == null ? new YamlNode.Mapping(ImmutableList.of(), keyMark) : entry.value();
    String childPath = Validator.join(path, name);
    if (!(child instanceof YamlNode.Mapping childMapping)) {
      problems.add(
          keyMark.problem(
              fullPath, "can't apply: `" + childPath + "` in the file is not a mapping"));
      return null;
    }
    YamlNode.Mapping updated =
        set(
            childMapping,
            (FieldType.Obj) type.field(name).type(),
            names,
            depth + 1,
            value,
            keyMark,
            childPath,
            problems,
            fullPath);
    if (updated == null) {
      return null;
    }
    return mapping.with(
        new YamlNode.Entry(name, entry == null ? keyMark : entry.keyMark(), updated));
  }

  private static SourceMark mark(int index, int column) {
    return new SourceMark(SOURCE, index, column, 1);
  }
}
