package dev.labyrinth.emulator.scenario;

import com.google.common.collect.ImmutableList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The small, location-annotated YAML tree the validator works on.
 *
 * <p>Jackson's own tree loses locations and silently accepts duplicates and aliases; this one is
 * built from the token stream by {@code YamlReader}, so every node knows its line and column and
 * the reader has already reported anything YAML-level that we forbid.
 */
sealed interface YamlNode {
  SourceMark mark();

  /** How the node reads in a message: "a string ('42')", "a list", ... */
  String describe();

  /** What kind of scalar YAML 1.1 made of the text; INVALID is a node already reported. */
  enum ScalarKind {
    STRING("a string"),
    INTEGER("an integer"),
    DECIMAL("a decimal number"),
    BOOLEAN("a boolean"),
    NULL("nothing (null)"),
    INVALID("an invalid value");

    final String article;

    ScalarKind(String article) {
      this.article = article;
    }
  }

  /** A scalar with its raw text (as written, after unquoting) and YAML's reading of its type. */
  record Scalar(String text, ScalarKind kind, SourceMark mark) implements YamlNode {
    @Override
    public String describe() {
      if (kind == ScalarKind.NULL || kind == ScalarKind.INVALID) {
        return kind.article;
      }
      if (text.isEmpty()) {
        return "an empty value";
      }
      String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
      return kind.article + " ('" + shown + "')";
    }
  }

  /** A list. */
  record Sequence(ImmutableList<YamlNode> items, SourceMark mark) implements YamlNode {
    @Override
    public String describe() {
      return "a list";
    }
  }

  /** One key of a mapping: the key's own position is where "unknown key" points. */
  record Entry(String key, SourceMark keyMark, YamlNode value) {}

  /** A mapping whose keys are unique (the reader reported and dropped duplicates), in file order. */
  record Mapping(ImmutableList<Entry> entries, SourceMark mark) implements YamlNode {
    @Override
    public String describe() {
      return "a mapping";
    }

    /** The entry for a key, or null. */
    Entry get(String key) {
      for (Entry e : entries) {
        if (e.key().equals(key)) {
          return e;
        }
      }
      return null;
    }

    /** A copy with {@code key} set (replacing in place, or appended), used by overrides. */
    Mapping with(Entry entry) {
      Map<String, Entry> copy = new LinkedHashMap<>();
      for (Entry e : entries) {
        copy.put(e.key(), e);
      }
      copy.put(entry.key(), entry);
      return new Mapping(ImmutableList.copyOf(copy.values()), mark);
    }

    /** A copy without {@code key}. */
    Mapping without(String key) {
      ImmutableList.Builder<Entry> kept = ImmutableList.builder();
      for (Entry e : entries) {
        if (!e.key().equals(key)) {
          kept.add(e);
        }
      }
      return new Mapping(kept.build(), mark);
    }
  }
}
