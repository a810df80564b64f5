package dev.labyrinth.emulator.scenario;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;

/**
 * The type of one scenario key, as declared in {@link ScenarioFields}.
 *
 * <p>Each variant knows its JSON Schema type name so the schema-sync test can compare the schema
 * with this table. Validated values are {@code Long} (integers, sizes, times), {@code String}
 * (text, choices), {@code ImmutableList} (lists) and {@link ObjectValue} (mappings).
 */
sealed interface FieldType {
  /** The JSON Schema {@code type} of this field. */
  String jsonType();

  /** Free text of limited length. */
  record Text(int minLength, int maxLength) implements FieldType {
    @Override
    public String jsonType() {
      return "string";
    }
  }

  /** A plain YAML integer in {@code [min, max]}. */
  record Int(long min, long max) implements FieldType {
    public Int {
      checkArgument(min <= max, "min > max");
    }

    @Override
    public String jsonType() {
      return "integer";
    }
  }

  /** A size string such as {@code 1GiB}, in bytes within {@code [min, max]}, a multiple of {@code multiple}. */
  record Size(long min, long max, long multiple) implements FieldType {
    @Override
    public String jsonType() {
      return "string";
    }
  }

  /** A time string such as {@code 4ms}, in nanoseconds within {@code [min, max]}. */
  record Time(long min, long max) implements FieldType {
    @Override
    public String jsonType() {
      return "string";
    }
  }

  /** One of a fixed set of spellings (case-sensitive: they are Linux's own names). */
  record Choice(ImmutableList<String> values) implements FieldType {
    @Override
    public String jsonType() {
      return "string";
    }
  }

  /** A YAML boolean ({@code true} or {@code false}); validated as {@code Boolean}. */
  record Bool() implements FieldType {
    @Override
    public String jsonType() {
      return "boolean";
    }
  }

  /** A list of {@code element}s, with {@code minItems..maxItems} entries. */
  record ListOf(FieldType element, int minItems, int maxItems) implements FieldType {
    @Override
    public String jsonType() {
      return "array";
    }
  }

  /**
   * A mapping with known keys.
   *
   * @param fields the keys, in the order documentation and the schema list them
   * @param exactlyOneOf groups of keys of which exactly one must be given (e.g. memory / zones)
   */
  record Obj(ImmutableList<Field> fields, ImmutableList<ImmutableList<String>> exactlyOneOf)
      implements FieldType {
    @Override
    public String jsonType() {
      return "object";
    }

    /** The field named {@code name}, or null. */
    Field field(String name) {
      for (Field f : fields) {
        if (f.name().equals(name)) {
          return f;
        }
      }
      return null;
    }

    /** The exactly-one-of group containing {@code name}, or an empty list. */
    ImmutableList<String> groupOf(String name) {
      for (ImmutableList<String> group : exactlyOneOf) {
        if (group.contains(name)) {
          return group;
        }
      }
      return ImmutableList.of();
    }

    ImmutableList<String> names() {
      return fields.stream().map(Field::name).collect(ImmutableList.toImmutableList());
    }
  }
}
