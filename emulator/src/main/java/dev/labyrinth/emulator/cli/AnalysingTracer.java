package dev.labyrinth.emulator.cli;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.labyrinth.emulator.scenario.Scenario;
import dev.labyrinth.emulator.sim.Tracer;
import dev.labyrinth.emulator.trace.CanonicalTraceWriter;
import dev.labyrinth.emulator.trace.TraceHeader;
import dev.labyrinth.reports.TraceEvent;
import dev.labyrinth.reports.TraceHeaderInfo;
import dev.labyrinth.reports.reserves.ReserveAnalysis;
import java.io.OutputStream;
import java.util.TreeMap;

/**
 * A tracer for sweeps: every record goes both to the canonical writer (over a stream that keeps
 * no bytes, so only the SHA-256 fingerprint is computed) and, as a {@link TraceEvent}, to the
 * same {@link ReserveAnalysis} that {@code labyrinth reserves} runs over a saved trace.
 *
 * <p>Why this shape: the figures must mean exactly what the {@code reserves} command and the HTML
 * report mean, so they are computed by {@code reports}' own code, not re-implemented in the
 * emulator. {@code reports} must not import {@code emulator}, but {@code cli} may import both, so
 * the adapter lives here. A {@code TraceEvent} built from the tracer's {@code put} calls holds
 * exactly what {@code TraceReader} would parse from the line (longs and strings, in order, minus
 * {@code t} and {@code ev}), without formatting and re-parsing JSON. {@code SweepFiguresTest}
 * checks the equivalence against a saved trace.
 */
final class AnalysingTracer implements Tracer {

  private final CanonicalTraceWriter writer;
  private final TraceHeaderInfo header;
  private final ReserveAnalysis.Pass pass = ReserveAnalysis.streaming();
  private final TreeMap<String, Long> tiers = new TreeMap<>();
  private final TreeMap<String, Long> events = new TreeMap<>();
  private final Fields record = new Fields();

  AnalysingTracer(Scenario scenario) {
    TraceHeader traceHeader = new TraceHeader(scenario.name(), scenario.sourceSha256(),
        scenario.seed(), ImmutableList.copyOf(scenario.overrides()));
    this.writer = new CanonicalTraceWriter(OutputStream.nullOutputStream(), traceHeader);
    this.header = new TraceHeaderInfo(1, scenario.name(), scenario.sourceSha256(),
        scenario.seed(), ImmutableList.copyOf(scenario.overrides()));
  }

  @Override
  public boolean enabled() {
    return true;
  }

  @Override
  public Record begin(String event, long timeNs) {
    record.start(writer.begin(event, timeNs), event, timeNs);
    return record;
  }

  /** Ends the trace: the fingerprint and the figures. */
  RunFigures finish() {
    String fingerprint = writer.finish();
    return new RunFigures(fingerprint, ImmutableMap.copyOf(tiers), ImmutableMap.copyOf(events),
        pass.result(header));
  }

  /** One record: forwards to the writer and gathers the fields for the analysis. */
  private final class Fields implements Record {
    private Record canonical;
    private String event;
    private long timeNs;
    private ImmutableMap.Builder<String, Object> fields;

    void start(Record canonicalRecord, String name, long time) {
      canonical = canonicalRecord;
      event = name;
      timeNs = time;
      // Records the analysis never reads are only hashed and counted: no fields are built.
      fields = ReserveAnalysis.Pass.reads(name) ? ImmutableMap.builder() : null;
    }

    @Override
    public Record put(String key, long value) {
      canonical.put(key, value);
      if (fields != null) {
        fields.put(key, value);
      }
      return this;
    }

    @Override
    public Record put(String key, String value) {
      canonical.put(key, value);
      if (fields != null) {
        fields.put(key, value);
      }
      return this;
    }

    @Override
    public void end() {
      canonical.end();
      if (fields == null) {
        events.merge(event, 1L, Long::sum);
        return;
      }
      TraceEvent traceEvent = new TraceEvent(timeNs, event, fields.buildOrThrow());
      events.merge(event, 1L, Long::sum);
      if (event.equals("mm_page_alloc")) {
        String tier = traceEvent.stringField("reserve", "unknown");
        tiers.merge(tier, 1L, Long::sum);
        String ctx = traceEvent.stringField("ctx", "none");
        if (tier.equals("failed") && (ctx.equals("hardirq") || ctx.equals("softirq"))) {
          events.merge(RunFigures.IRQ_FAILURES, 1L, Long::sum);
        }
      }
      pass.observe(traceEvent);
    }
  }
}
