package dev.labyrinth.emulator.scenario;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * One key of a scenario mapping: name, type, whether it must be given, its default.
 *
 * @param name the YAML key, verbatim (sysctl names keep their dots)
 * @param type what the value must be
 * @param required whether the key must be present (keys in an exactly-one-of group are not)
 * @param defaultValue the value used when absent, or null when there is none (required, part of
 *     an exactly-one-of group, or derived from other keys)
 * @param description one line for users, mirrored in the JSON Schema
 */
record Field(String name, FieldType type, boolean required, Object defaultValue, String description) {
  Field {
    checkNotNull(name, "name");
    checkNotNull(type, "type");
    checkNotNull(description, "description");
  }

  static Field required(String name, FieldType type, String description) {
    return new Field(name, type, true, null, description);
  }

  static Field optional(String name, FieldType type, Object defaultValue, String description) {
    return new Field(name, type, false, defaultValue, description);
  }
}
