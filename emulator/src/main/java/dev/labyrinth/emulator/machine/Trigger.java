package dev.labyrinth.emulator.machine;

/**
 * How a line signals. An edge that arrives while the line is already pending is merged with it
 * (counted as coalesced), as an edge-triggered controller latches one bit; a level line stays
 * asserted until every request has been serviced, so each raise is delivered.
 */
public enum Trigger {
  EDGE,
  LEVEL
}
