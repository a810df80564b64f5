package dev.labyrinth.emulator.sim;

/**
 * Named priorities for events that fall on the same nanosecond; a lower ordinal runs first.
 *
 * <p>Emulated hardware and kernel work often coincide exactly (a timer interrupt and a task step
 * both at t), and the outcome must not depend on which was scheduled first by accident. Bands
 * make the intended order explicit, in the manner of gem5's named event priorities. Within one
 * band, events run in scheduling order. The ordinal is part of the ordering key, so reordering or
 * inserting constants changes every trace: do it on purpose and update the goldens.
 */
public enum Band {
  /** A device raises its line before the controller looks at its lines at the same instant. */
  DEVICE,
  /** The controller delivers pending lines before CPUs do ordinary work at the same instant. */
  IRQ_DELIVERY,
  /** Work running on a CPU: handler bodies, task steps and allocations. */
  CPU,
  /** Softirq, tasklet and workqueue work runs after the hardirq work of the same instant. */
  DEFERRED,
  /** Kswapd and other kernel threads run after the work that woke them at the same instant. */
  KERNEL_THREAD,
  /** Scenario timeline actions, such as a sysctl change, run after the machine's own work. */
  CONTROL,
  /** Samplers and invariant probes see the state after everything else at that instant. */
  OBSERVER;

  /** The constants in ordinal order, cached because {@code values()} copies its array. */
  private static final Band[] BY_ORDINAL = values();

  /** Returns the band with {@code ordinal}; the event queue stores bands as small integers. */
  static Band ofOrdinal(int ordinal) {
    return BY_ORDINAL[ordinal];
  }

  /** How many bands exist; sizes the event queue's per-band same-instant buffers. */
  static int count() {
    return BY_ORDINAL.length;
  }
}
