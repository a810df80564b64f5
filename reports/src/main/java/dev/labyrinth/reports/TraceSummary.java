package dev.labyrinth.reports;

import com.google.common.collect.ImmutableSortedMap;
import java.io.IOException;
import java.nio.file.Path;
import java.util.TreeMap;

/**
 * The few figures that sum up a trace: how many records of each event, and how far emulated time
 * went. Printed by {@code labyrinth run}; later reports build on the same pass.
 *
 * @param header the trace's header
 * @param records records after the header
 * @param lastTimeNs time of the last record, 0 for an empty trace
 * @param countsByEvent record count per event name, sorted by name
 */
public record TraceSummary(TraceHeaderInfo header, long records, long lastTimeNs,
    ImmutableSortedMap<String, Long> countsByEvent) {

  /** Reads {@code trace} once, in bounded memory. */
  public static TraceSummary of(Path trace) throws IOException, TraceFormatException {
    try (TraceReader reader = TraceReader.open(trace)) {
      TreeMap<String, Long> counts = new TreeMap<>();
      long records = 0;
      long lastTimeNs = 0;
      for (TraceEvent event = reader.next(); event != null; event = reader.next()) {
        records++;
        lastTimeNs = event.timeNs();
        counts.merge(event.name(), 1L, Long::sum);
      }
      return new TraceSummary(reader.header(), records, lastTimeNs,
          ImmutableSortedMap.copyOf(counts));
    }
  }

  /** A short human-readable account, one fact per line, each line ending in a newline. */
  public String describe() {
    StringBuilder out = new StringBuilder();
    out.append("scenario: ").append(header.scenario()).append(" (seed ").append(header.seed())
        .append(")\n");
    out.append("emulated: ").append(Durations.format(lastTimeNs)).append('\n');
    out.append("records: ").append(records).append('\n');
    countsByEvent.forEach((name, count) ->
        out.append("  ").append(name).append(": ").append(count).append('\n'));
    return out.toString();
  }
}
