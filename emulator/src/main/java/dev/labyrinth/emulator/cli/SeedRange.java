package dev.labyrinth.emulator.cli;

/**
 * An inclusive range of root seeds, written {@code LO..HI} (or a single seed {@code N}), as the
 * sweep commands take it. Seeds are ordinary longs; the range is iterated in increasing order so
 * a sweep's output order never depends on anything but its arguments.
 *
 * @param loSeed first seed
 * @param hiSeed last seed, inclusive
 */
record SeedRange(long loSeed, long hiSeed) {

  /** Most seeds one sweep may hold; keeps run indices inside an int and memory bounded. */
  static final long MAX_COUNT = 100_000_000L;

  static SeedRange parse(String text) throws BadInputException {
    int dots = text.indexOf("..");
    try {
      if (dots < 0) {
        long seed = Long.parseLong(text.trim());
        return new SeedRange(seed, seed);
      }
      long lo = Long.parseLong(text.substring(0, dots).trim());
      long hi = Long.parseLong(text.substring(dots + 2).trim());
      if (lo > hi) {
        throw new BadInputException("--seeds " + text + ": the range is empty (" + lo + " > " + hi
            + "); write LO..HI with LO <= HI, e.g. 1..1000");
      }
      if (hi - lo + 1 > MAX_COUNT || hi - lo + 1 <= 0) {
        throw new BadInputException("--seeds " + text + ": at most " + MAX_COUNT + " seeds");
      }
      return new SeedRange(lo, hi);
    } catch (NumberFormatException e) {
      throw new BadInputException("--seeds " + text + ": expected LO..HI with integer seeds, "
          + "e.g. 1..1000");
    }
  }

  long count() {
    return hiSeed - loSeed + 1;
  }

  @Override
  public String toString() {
    return loSeed + ".." + hiSeed;
  }
}
