package dev.labyrinth.emulator.run;

import dev.labyrinth.emulator.sim.StopReason;

/**
 * How a run ended.
 *
 * @param reason why the event loop stopped
 * @param steps events executed
 * @param endNs emulated time at the end
 * @param detail a human-readable detail, empty when there is none
 */
public record RunOutcome(StopReason reason, long steps, long endNs, String detail) {}
