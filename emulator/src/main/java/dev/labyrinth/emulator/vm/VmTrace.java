package dev.labyrinth.emulator.vm;

import dev.labyrinth.emulator.sim.Tracer;
import java.util.Locale;
import java.util.function.LongSupplier;

/** Starts vm trace records: event name, then the caller's context prefix, then fields. */
final class VmTrace {
  private final Tracer tracer;
  private final LongSupplier clockNs;
  private final TraceContext context;

  VmTrace(Tracer tracer, LongSupplier clockNs, TraceContext context) {
    this.tracer = tracer;
    this.clockNs = clockNs;
    this.context = context;
  }

  boolean enabled() {
    return tracer.enabled();
  }

  Tracer.Record begin(String event) {
    Tracer.Record r = tracer.begin(event, clockNs.getAsLong());
    context.writePrefix(r);
    return r;
  }

  static String hex(long value) {
    return "0x" + Long.toHexString(value).toLowerCase(Locale.ROOT);
  }
}
