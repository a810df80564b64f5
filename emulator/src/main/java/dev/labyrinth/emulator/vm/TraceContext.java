package dev.labyrinth.emulator.vm;

import dev.labyrinth.emulator.sim.Tracer;

/**
 * Writes the context prefix ({@code cpu}, {@code ctx}, {@code comm}, {@code pid}; see
 * docs/trace-format.md) of the code currently calling into the vm, right after the event name.
 * The machine supplies one that reads its current CPU and task; {@link #NONE} writes nothing
 * (tests, and calls made by no CPU).
 */
@FunctionalInterface
public interface TraceContext {
  TraceContext NONE = record -> {};

  void writePrefix(Tracer.Record record);
}
