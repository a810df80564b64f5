package dev.labyrinth.emulator.machine;

import com.google.common.collect.ImmutableList;

/**
 * One interrupt line of the controller: its configuration, its handler, and its pending and
 * in-service state. Mutated only by {@link InterruptController} and {@link Cpu}.
 */
public final class IrqLine {
  final int irq;
  final String name;
  final int priority;
  final Trigger trigger;
  final ImmutableList<Integer> affinity;
  final DeliveryPolicy policy;
  final ImmutableList<Step> handler;
  final ImmutableList<Step> softirqWork;
  /** Every n-th interrupt is not this device's (IRQ_NONE); 0 = always handled. */
  final int unhandledEvery;
  final KeptBlocks kept = new KeptBlocks();
  /**
   * The handler's runner, restarted for each delivery: a line is in service on at most one CPU
   * at a time and its handler ends before the line is delivered again.
   */
  final Runner handlerRunner;

  boolean masked;
  /** Raise times of the requests waiting for delivery, oldest first. */
  final LongFifo pendingSinceNs = new LongFifo();
  int targetCpu = -1;
  int serviceCpu = -1;
  int roundRobinNext;
  long raised;
  long delivered;
  long coalesced;
  long unhandled;

  IrqLine(int irq, String name, int priority, Trigger trigger, ImmutableList<Integer> affinity,
      DeliveryPolicy policy, ImmutableList<Step> handler, ImmutableList<Step> softirqWork,
      int unhandledEvery) {
    this.irq = irq;
    this.name = name;
    this.priority = priority;
    this.trigger = trigger;
    this.affinity = affinity;
    this.policy = policy;
    this.handler = handler;
    this.softirqWork = softirqWork;
    this.unhandledEvery = unhandledEvery;
    this.handlerRunner = new Runner(handler, kept, softirqWork);
  }

  public int irq() {
    return irq;
  }

  public String name() {
    return name;
  }

  public boolean inService() {
    return serviceCpu >= 0;
  }

  public int pendingCount() {
    return pendingSinceNs.size();
  }

  public long raised() {
    return raised;
  }

  public long delivered() {
    return delivered;
  }

  public long coalesced() {
    return coalesced;
  }

  public long unhandled() {
    return unhandled;
  }

  /** The CPU the pending request will be delivered to, or -1. */
  public int targetCpu() {
    return targetCpu;
  }
}
