package dev.labyrinth.emulator.mm;

import dev.labyrinth.emulator.sim.Tracer;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps each record as {@code event @t key=value ...}; shared by the mm and machine tests.
 */
public final class RecordingTracer implements Tracer {
  public final List<String> lines = new ArrayList<>();

  @Override
  public boolean enabled() {
    return true;
  }

  @Override
  public Record begin(String event, long timeNs) {
    StringBuilder sb = new StringBuilder(event).append(" @").append(timeNs);
    return new Record() {
      @Override
      public Record put(String key, long value) {
        sb.append(' ').append(key).append('=').append(value);
        return this;
      }

      @Override
      public Record put(String key, String value) {
        sb.append(' ').append(key).append('=').append(value);
        return this;
      }

      @Override
      public void end() {
        lines.add(sb.toString());
      }
    };
  }

  /** The records whose text starts with {@code prefix}, in order. */
  public List<String> starting(String prefix) {
    return lines.stream().filter(l -> l.startsWith(prefix)).toList();
  }
}
