package dev.labyrinth.reports;

import com.google.common.collect.ImmutableMap;

/**
 * One record of a canonical trace, as a consumer sees it.
 *
 * @param timeNs emulated time in nanoseconds (the {@code t} key)
 * @param name event name (the {@code ev} key), e.g. {@code irq_handler_entry}
 * @param fields the remaining keys in file order; values are {@code Long} or {@code String}
 */
public record TraceEvent(long timeNs, String name, ImmutableMap<String, Object> fields) {

  /** An integer field, or {@code fallback} when absent. */
  public long longField(String key, long fallback) {
    return fields.get(key) instanceof Long value ? value : fallback;
  }

  /** A string field, or {@code fallback} when absent. */
  public String stringField(String key, String fallback) {
    return fields.get(key) instanceof String value ? value : fallback;
  }
}
