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
 * @param irqLatencies per-IRQ delivery latency and handler duration
 * @param allocations allocations by reserve tier, failures and might_sleep reports
 * @param cow page faults, fork cost and bleed violations of processes
 * @param zoneLocks zone lock spins: how many, total and longest wait
 */
public record TraceSummary(TraceHeaderInfo header, long records, long lastTimeNs,
    ImmutableSortedMap<String, Long> countsByEvent, IrqLatencies irqLatencies,
    AllocationFigures allocations, CowFigures cow, ZoneLockFigures zoneLocks) {

  /** Reads {@code trace} once, in bounded memory. */
  public static TraceSummary of(Path trace) throws IOException, TraceFormatException {
    try (TraceReader reader = TraceReader.open(trace)) {
      TreeMap<String, Long> counts = new TreeMap<>();
      long records = 0;
      long lastTimeNs = 0;
      IrqLatencies irqs = new IrqLatencies();
      AllocationFigures allocs = new AllocationFigures();
      CowFigures cow = new CowFigures();
      ZoneLockFigures zoneLocks = new ZoneLockFigures();
      for (TraceEvent event = reader.next(); event != null; event = reader.next()) {
        irqs.accept(event);
        allocs.accept(event);
        cow.accept(event);
        zoneLocks.accept(event);
        records++;
        lastTimeNs = event.timeNs();
        counts.merge(event.name(), 1L, Long::sum);
      }
      return new TraceSummary(reader.header(), records, lastTimeNs,
          ImmutableSortedMap.copyOf(counts), irqs, allocs, cow, zoneLocks);
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
    if (!irqLatencies.isEmpty()) {
      out.append("interrupts (per IRQ line):\n").append(irqLatencies.describe());
    }
    out.append(allocations.describe());
    out.append(zoneLocks.describe());
    out.append(cow.describe());
    return out.toString();
  }
}
