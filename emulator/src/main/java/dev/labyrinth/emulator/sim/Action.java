package dev.labyrinth.emulator.sim;

/**
 * What an event does when its time comes.
 *
 * <p>An action receives the emulated time and one {@code long} argument chosen when it was
 * scheduled, so a component can keep one action object per kind of event (for example "timer
 * fired for cpu {@code arg}") instead of allocating a closure per event. That keeps the event
 * loop free of per-event garbage.
 */
@FunctionalInterface
public interface Action {

  /** Runs the event at emulated time {@code nowNs} with the argument given at scheduling. */
  void run(long nowNs, long arg);
}
