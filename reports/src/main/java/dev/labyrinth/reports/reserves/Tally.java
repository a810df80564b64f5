package dev.labyrinth.reports.reserves;

/**
 * How many allocations, and how many pages, a group of allocations holds.
 *
 * @param allocations number of allocation records
 * @param pages sum of their 2^order pages
 */
public record Tally(long allocations, long pages) {

  static final Tally ZERO = new Tally(0, 0);

  Tally plus(long morePages) {
    return new Tally(allocations + 1, pages + morePages);
  }
}
