package dev.labyrinth.emulator.run;

import dev.labyrinth.emulator.sim.Simulation;
import dev.labyrinth.emulator.sim.Tracer;
import java.util.function.LongSupplier;

/**
 * Passes records through and asks the simulation to stop once the trace has reached its byte
 * budget. The stop takes effect after the current event, so the trace ends on an event boundary
 * (a few records past the budget at most) and {@code run_end} can still be written.
 */
final class TraceBudget implements Tracer, Tracer.Record {

  private final Tracer delegate;
  private final LongSupplier bytesWritten;
  private final long bytesMax;
  private final Simulation simulation;
  private Record current;
  private boolean running;
  private boolean reached;

  TraceBudget(Tracer delegate, LongSupplier bytesWritten, long bytesMax, Simulation simulation) {
    this.delegate = delegate;
    this.bytesWritten = bytesWritten;
    this.bytesMax = bytesMax;
    this.simulation = simulation;
  }

  /** Whether the trace has reached the budget. */
  boolean reached() {
    return reached;
  }

  /** From now on a reached budget stops the running simulation ({@code stop} needs a run). */
  void arm() {
    running = true;
  }

  @Override
  public boolean enabled() {
    return delegate.enabled();
  }

  @Override
  public Record begin(String event, long timeNs) {
    current = delegate.begin(event, timeNs);
    return this;
  }

  @Override
  public Record put(String key, long value) {
    current.put(key, value);
    return this;
  }

  @Override
  public Record put(String key, String value) {
    current.put(key, value);
    return this;
  }

  @Override
  public void end() {
    current.end();
    if (!reached && bytesWritten.getAsLong() >= bytesMax) {
      reached = true;
      if (running) {
        simulation.stop(ScenarioRun.TRACE_LIMIT);
      }
    }
  }
}
