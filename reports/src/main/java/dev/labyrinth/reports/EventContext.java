package dev.labyrinth.reports;

import com.google.common.collect.ImmutableSet;

/**
 * Where a record ran: the context prefix of docs/trace-format.md ({@code cpu, ctx, comm, pid}).
 * Records that no CPU produced get Linux's idle prefix, {@code <idle>-0} on CPU 0, as the
 * contract tells exporters to do; {@link #onCpu()} tells them apart.
 *
 * @param cpu the CPU, or -1 when no CPU produced the record
 * @param ctx {@code task}, {@code softirq}, {@code hardirq}, or {@code none}
 * @param comm the current task's name, {@code <idle>} when unknown
 * @param pid the current task's pid, 0 when unknown
 */
public record EventContext(int cpu, String ctx, String comm, long pid) {

  /** The keys of the prefix, which exporters print in their own place rather than as fields. */
  public static final ImmutableSet<String> KEYS = ImmutableSet.of("cpu", "ctx", "comm", "pid");

  /** The prefix of {@code event}; IRQ handler events without {@code ctx} ran in hardirq. */
  public static EventContext of(TraceEvent event) {
    int cpu = (int) event.longField("cpu", -1);
    String fallbackCtx = event.name().startsWith("irq_handler_") ? "hardirq"
        : event.name().startsWith("softirq_entry") || event.name().startsWith("softirq_exit")
            ? "softirq" : cpu >= 0 ? "task" : "none";
    return new EventContext(cpu, event.stringField("ctx", fallbackCtx),
        event.stringField("comm", "<idle>"), event.longField("pid", 0));
  }

  /** Whether a CPU produced the record. */
  public boolean onCpu() {
    return cpu >= 0;
  }
}
