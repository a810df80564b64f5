package dev.labyrinth.emulator.run;

import com.google.common.collect.ImmutableList;
import dev.labyrinth.emulator.sim.Tracer;

/**
 * Passes records through and keeps the last few as text, so a paranoid run that finds a broken
 * invariant can show what led up to it without anyone re-running with a full trace. Costs a
 * string per record: used only with {@code --paranoid}.
 */
final class RecentRecords implements Tracer, Tracer.Record {

  private final Tracer delegate;
  private final String[] ring;
  private final StringBuilder line = new StringBuilder(128);
  private Record current;
  private long count;

  RecentRecords(Tracer delegate, int capacity) {
    this.delegate = delegate;
    this.ring = new String[capacity];
  }

  /** The kept records, oldest first, as {@code t=NS ev=NAME key=value ...}. */
  ImmutableList<String> lines() {
    ImmutableList.Builder<String> lines = ImmutableList.builder();
    long first = Math.max(0, count - ring.length);
    for (long i = first; i < count; i++) {
      lines.add(ring[(int) (i % ring.length)]);
    }
    return lines.build();
  }

  @Override
  public boolean enabled() {
    return true;
  }

  @Override
  public Record begin(String event, long timeNs) {
    current = delegate.begin(event, timeNs);
    line.setLength(0);
    line.append("t=").append(timeNs).append(" ev=").append(event);
    return this;
  }

  @Override
  public Record put(String key, long value) {
    current.put(key, value);
    line.append(' ').append(key).append('=').append(value);
    return this;
  }

  @Override
  public Record put(String key, String value) {
    current.put(key, value);
    line.append(' ').append(key).append('=').append(value);
    return this;
  }

  @Override
  public void end() {
    current.end();
    ring[(int) (count % ring.length)] = line.toString();
    count++;
  }
}
