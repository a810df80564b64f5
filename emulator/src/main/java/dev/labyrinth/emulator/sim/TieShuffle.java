package dev.labyrinth.emulator.sim;

import com.google.common.base.Verify;

/**
 * A seeded bijection on 56-bit sequence numbers, used by the tie-shuffle audit mode.
 *
 * <p>The event queue orders same-(time, band) events by the low 56 bits of their key. Normally
 * those bits are the sequence number (scheduling order). In audit mode they are {@link
 * #scramble}(sequence) instead, which permutes ties pseudo-randomly but deterministically per
 * seed, while keys stay unique because the map is a bijection; {@link #unscramble} recovers the
 * event id. Every step is invertible modulo 2^56: adding a constant, multiplying by an odd
 * constant, and {@code x ^= x >>> 28} (which is its own inverse on 56 bits).
 */
final class TieShuffle {
  static final int BITS = 56;
  static final long MASK = (1L << BITS) - 1;
  private static final int XOR_SHIFT = BITS / 2;

  private final long offset;
  private final long multiplierFirst;
  private final long multiplierSecond;
  private final long inverseFirst;
  private final long inverseSecond;

  TieShuffle(long seed) {
    SplitMix64 seeder = new SplitMix64(seed);
    this.offset = seeder.next() & MASK;
    this.multiplierFirst = seeder.next() | 1;
    this.multiplierSecond = seeder.next() | 1;
    this.inverseFirst = inverseOdd(multiplierFirst);
    this.inverseSecond = inverseOdd(multiplierSecond);
  }

  long scramble(long sequence) {
    long x = (sequence + offset) & MASK;
    x = (x * multiplierFirst) & MASK;
    x ^= x >>> XOR_SHIFT;
    x = (x * multiplierSecond) & MASK;
    x ^= x >>> XOR_SHIFT;
    return x;
  }

  long unscramble(long scrambled) {
    long x = scrambled ^ (scrambled >>> XOR_SHIFT);
    x = (x * inverseSecond) & MASK;
    x ^= x >>> XOR_SHIFT;
    x = (x * inverseFirst) & MASK;
    return (x - offset) & MASK;
  }

  /**
   * The multiplicative inverse of an odd number modulo 2^64 by Newton's iteration; each round
   * doubles the number of correct low bits, starting from 3 (odd m satisfies m * m = 1 mod 8).
   */
  private static long inverseOdd(long odd) {
    long inverse = odd;
    for (int round = 0; round < 5; round++) {
      inverse *= 2 - odd * inverse;
    }
    Verify.verify(odd * inverse == 1, "no inverse found for %s", odd);
    return inverse;
  }
}
