package dev.labyrinth.reports.reserves;

/**
 * One caller's share of a zone's drain.
 *
 * @param caller who allocated, as {@link Callers#of} names it
 * @param tally its allocations and pages
 */
public record CallerTally(String caller, Tally tally) {}
