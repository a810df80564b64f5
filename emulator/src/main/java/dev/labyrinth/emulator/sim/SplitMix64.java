package dev.labyrinth.emulator.sim;

/**
 * SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", 2014),
 * used to seed {@link RandomStream} and to mix seeds with name hashes.
 *
 * <p>It is written out here rather than borrowed from the JDK because the emulator's traces
 * depend on every bit it produces; a test pins its first outputs against the published reference
 * values for seed 0.
 */
final class SplitMix64 {
  /** The golden-ratio increment, 2^64 / phi rounded to odd, from the reference algorithm. */
  static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private long state;

  SplitMix64(long seed) {
    this.state = seed;
  }

  /** Advances the state by the golden gamma and returns the mixed result. */
  long next() {
    state += GOLDEN_GAMMA;
    return mix64(state);
  }

  /**
   * The SplitMix64 output finaliser (a variant of MurmurHash3's fmix64 with Stafford's "Mix13"
   * constants); a bijection on 64-bit values, so distinct inputs stay distinct.
   */
  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
