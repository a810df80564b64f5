package dev.labyrinth.emulator.machine;

import static com.google.common.base.Preconditions.checkArgument;

import dev.labyrinth.emulator.sim.Band;
import dev.labyrinth.emulator.sim.RandomStream;
import dev.labyrinth.emulator.sim.Simulation;
import dev.labyrinth.emulator.sim.Tracer;

/**
 * A periodic interrupt source: a timer tick or a sensor that samples at a fixed rate.
 *
 * <p>The k-th interrupt is raised at {@code k * periodNs} plus a jitter drawn uniformly from
 * {@code [-jitterNs, +jitterNs]}; jitter never accumulates, as with a crystal-driven timer whose
 * interrupt latency varies but whose period does not. The jitter comes from the device's own
 * random stream ({@code device/<name>}), so adding a device never perturbs another's timing.
 *
 * <p>Simplification (foundation): the handler runs at the instant the line is raised and does
 * no work, so entry and exit share a timestamp. The interrupt controller, handler programs and
 * delivery latency arrive with the machine issue.
 */
public final class TimerDevice {

  private final String name;
  private final int irq;
  private final int cpu;
  private final long periodNs;
  private final long jitterNs;
  private final Simulation simulation;
  private final Tracer tracer;
  private final RandomStream random;
  private long tickIndex;

  /**
   * Creates the device; call {@link #start()} to schedule its first interrupt.
   *
   * @param irq the interrupt line, a stable id used in trace records
   */
  public TimerDevice(String name, int irq, int cpu, long periodNs, long jitterNs,
      Simulation simulation, Tracer tracer) {
    checkArgument(periodNs > 0, "periodNs must be > 0, got %s", periodNs);
    checkArgument(jitterNs >= 0 && jitterNs < periodNs,
        "jitterNs must be in [0, periodNs), got %s", jitterNs);
    this.name = name;
    this.irq = irq;
    this.cpu = cpu;
    this.periodNs = periodNs;
    this.jitterNs = jitterNs;
    this.simulation = simulation;
    this.tracer = tracer;
    this.random = simulation.randoms().stream("device/" + name);
  }

  /** Schedules the first interrupt, one period after time zero. */
  public void start() {
    scheduleNext();
  }

  private void scheduleNext() {
    tickIndex++;
    long atNs = Math.multiplyExact(tickIndex, periodNs);
    if (jitterNs > 0) {
      atNs += random.uniformNs(-jitterNs, jitterNs + 1);
    }
    simulation.schedule(Math.max(atNs, simulation.nowNs()), Band.CPU, this::fire, 0);
  }

  private void fire(long nowNs, long unused) {
    tracer.begin("irq_handler_entry", nowNs).put("cpu", cpu).put("irq", irq).put("name", name)
        .end();
    tracer.begin("irq_handler_exit", nowNs).put("cpu", cpu).put("irq", irq).put("ret", "handled")
        .end();
    scheduleNext();
  }
}
