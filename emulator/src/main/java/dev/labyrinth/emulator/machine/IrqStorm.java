package dev.labyrinth.emulator.machine;

import static com.google.common.base.Preconditions.checkArgument;

import dev.labyrinth.emulator.sim.Action;
import dev.labyrinth.emulator.sim.Band;
import dev.labyrinth.emulator.sim.Simulation;
import dev.labyrinth.emulator.sim.Tracer;

/**
 * The {@code irq_storm} fault: a device's line is raised every {@code everyNs} in
 * {@code [startNs, endNs)}, on top of the device's own arrivals, as a stuck sensor or a NIC
 * without interrupt moderation would. A {@code fault_inject} record at the start names the
 * line, the rate and the end. Raising happens in {@link Band#DEVICE}, like a device's own.
 */
final class IrqStorm {
  private final IrqLine line;
  private final String device;
  private final long everyNs;
  private final long startNs;
  private final long endNs;
  private final Simulation sim;
  private final InterruptController controller;
  private final Tracer tracer;

  IrqStorm(String device, IrqLine line, long everyNs, long startNs, long endNs, Simulation sim,
      InterruptController controller, Tracer tracer) {
    checkArgument(everyNs > 0, "everyNs %s", everyNs);
    checkArgument(startNs >= 0 && endNs > startNs, "window [%s, %s)", startNs, endNs);
    this.device = device;
    this.line = line;
    this.everyNs = everyNs;
    this.startNs = startNs;
    this.endNs = endNs;
    this.sim = sim;
    this.controller = controller;
    this.tracer = tracer;
  }

  /** Bound once: a method reference to an instance method is a new object each evaluation. */
  private final Action fireAction = this::fire;

  void start() {
    sim.schedule(startNs, Band.DEVICE, this::begin, 0);
  }

  private void begin(long nowNs, long unused) {
    tracer.begin("fault_inject", nowNs).put("site", "irq_storm").put("device", device)
        .put("irq", line.irq).put("every_ns", everyNs).put("until_ns", endNs).end();
    fire(nowNs, 0);
  }

  private void fire(long nowNs, long unused) {
    controller.raise(line.irq, nowNs);
    long nextNs = nowNs + everyNs;
    if (nextNs < endNs) {
      sim.schedule(nextNs, Band.DEVICE, fireAction, 0);
    }
  }
}
