package dev.labyrinth.emulator.machine;

import static com.google.common.base.Preconditions.checkArgument;

import dev.labyrinth.emulator.sim.Action;
import dev.labyrinth.emulator.sim.Band;
import dev.labyrinth.emulator.sim.RandomStream;
import dev.labyrinth.emulator.sim.Simulation;
import dev.labyrinth.emulator.sim.Tracer;

/**
 * An interrupt source: raises its line at the times its {@link ArrivalProcess} gives, drawing
 * from its own stream {@code device/<name>}. Raising happens in {@link Band#DEVICE}, before the
 * controller delivers at the same instant.
 *
 * <p>The {@code device_stop} fault ({@link #stopBetween}) silences it for a window: the arrival
 * process keeps drawing as before, so a device that resumes resumes the pattern it would have
 * had, and its stream is not shifted.
 */
public final class Device {
  private final String name;
  private final IrqLine line;
  private final ArrivalProcess arrivals;
  private final Simulation sim;
  private final InterruptController controller;
  private final RandomStream random;
  /** The {@code device_stop} window {@code [stopFromNs, stopUntilNs)}; empty when not stopped. */
  /** Bound once: a method reference to an instance method is a new object each evaluation. */
  private final Action fireAction = this::fire;
  private long stopFromNs = Long.MAX_VALUE;
  private long stopUntilNs = Long.MAX_VALUE;

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

  /**
   * The {@code device_stop} fault: no interrupts from {@code fromNs} until {@code untilNs}
   * ({@code Long.MAX_VALUE}: for the rest of the run), announced by a {@code fault_inject}
   * record at {@code fromNs}.
   */
  public void stopBetween(long fromNs, long untilNs, Tracer tracer) {
    checkArgument(fromNs >= 0 && untilNs > fromNs, "window [%s, %s)", fromNs, untilNs);
    stopFromNs = fromNs;
    stopUntilNs = untilNs;
    sim.schedule(fromNs, Band.DEVICE, (now, unused) -> tracer.begin("fault_inject", now)
        .put("site", "device_stop").put("device", name).put("irq", line.irq)
        .put("until_ns", untilNs == Long.MAX_VALUE ? -1 : untilNs).end(), 0);
  }

  void start() {
    scheduleNext();
  }

  private void scheduleNext() {
    long atNs = arrivals.nextNs(sim.nowNs(), random);
    if (atNs >= 0) {
      sim.schedule(atNs, Band.DEVICE, fireAction, 0);
    }
  }

  private void fire(long nowNs, long unused) {
    if (nowNs < stopFromNs || nowNs >= stopUntilNs) {
      controller.raise(line.irq, nowNs);
    }
    scheduleNext();
  }
}
