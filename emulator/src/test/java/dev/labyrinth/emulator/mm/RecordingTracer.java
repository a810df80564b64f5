package dev.labyrinth.emulator.mm;

import dev.labyrinth.emulator.sim.Tracer;
import java.util.ArrayList;
import java.util.List;

/** Keeps each record as {@code event @t key=value ...}. */
final class RecordingTracer implements Tracer {
  final List<String> lines = new ArrayList<>();

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

  List<String> starting(String prefix) {
    return lines.stream().filter(l -> l.startsWith(prefix)).toList();
  }
}
