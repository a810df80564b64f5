/**
 * The simulation kernel: emulated time, the event queue, the run loop, named random streams and
 * invariant hooks.
 *
 * <p>Dependency rule: this package imports only the JDK and Guava, never another Labyrinth
 * package, so every model package can build on it without cycles.
 *
 * <p>Determinism rule: a run is decided by its inputs and root seed alone. Time is a {@code long}
 * of nanoseconds, events run in the total order (time, {@link dev.labyrinth.emulator.sim.Band},
 * sequence), randomness comes only from {@link dev.labyrinth.emulator.sim.RandomStreams}, and
 * nothing here reads a clock, iterates a hash-ordered collection or starts a thread.
 */
package dev.labyrinth.emulator.sim;
