package dev.labyrinth.emulator.scenario;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;

/**
 * A validated mapping: the valid values (given or defaulted) and where each given one was.
 *
 * <p>A key whose value was invalid is simply absent, so semantic checks in {@code ScenarioBuilder}
 * can still run on the rest and report their own problems in the same pass.
 *
 * @param path dotted path of this mapping, for messages
 * @param mark where the mapping starts (used for problems about the mapping as a whole)
 * @param values valid values by key, in table order
 * @param marks where each key's value was given
 */
record ObjectValue(
    String path,
    SourceMark mark,
    ImmutableMap<String, Object> values,
    ImmutableMap<String, SourceMark> marks) {

  boolean has(String key) {
    return values.containsKey(key);
  }

  long getLong(String key) {
    return (Long) require(key);
  }

  int getInt(String key) {
    return Math.toIntExact(getLong(key));
  }

  boolean getBoolean(String key) {
    return (Boolean) require(key);
  }

  String getString(String key) {
    return (String) require(key);
  }

  ObjectValue getObject(String key) {
    return (ObjectValue) require(key);
  }

  @SuppressWarnings("unchecked")
  <T> ImmutableList<T> getList(String key) {
    return (ImmutableList<T>) require(key);
  }

  /** Where a key's value was given, or where this mapping starts when it was defaulted. */
  SourceMark markOf(String key) {
    return marks.getOrDefault(key, mark);
  }

  /** The dotted path of a key in this mapping. */
  String pathOf(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private Object require(String key) {
    Object value = values.get(key);
    if (value == null) {
      throw new IllegalStateException("no valid value for " + pathOf(key));
    }
    return value;
  }
}
