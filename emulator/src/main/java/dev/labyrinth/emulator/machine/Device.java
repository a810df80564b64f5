package dev.labyrinth.emulator.machine;

import dev.labyrinth.emulator.sim.Band;
import dev.labyrinth.emulator.sim.RandomStream;
import dev.labyrinth.emulator.sim.Simulation;

/**
 * An interrupt source: raises its line at the times its {@link ArrivalProcess} gives, drawing
 * from its own stream {@code device/<name>}. Raising happens in {@link Band#DEVICE}, before the
 * controller delivers at the same instant.
 */
public final class Device {
  private final String name;
  private final IrqLine line;
  private final ArrivalProcess arrivals;
  private final Simulation sim;
  private final InterruptController controller;
  private final RandomStream random;

  Device(String name, IrqLine line, ArrivalProcess arrivals, Simulation sim,
      InterruptController controller) {
    this.name = name;
    this.line = line;
    this.arrivals = arrivals;
    this.sim = sim;
    this.controller = controller;
    this.random = sim.randoms().stream("device/" + name);
  }

  public String name() {
    return name;
  }

  public IrqLine line() {
    return line;
  }

  void start() {
    scheduleNext();
  }

  private void scheduleNext() {
    long atNs = arrivals.nextNs(sim.nowNs(), random);
    if (atNs >= 0) {
      sim.schedule(atNs, Band.DEVICE, this::fire, 0);
    }
  }

  private void fire(long nowNs, long unused) {
    controller.raise(line.irq, nowNs);
    scheduleNext();
  }
}
