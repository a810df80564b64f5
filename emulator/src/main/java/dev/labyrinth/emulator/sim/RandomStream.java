package dev.labyrinth.emulator.sim;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.base.Verify;

/**
 * One component's private source of randomness: xoshiro256** (Blackman and Vigna, 2018) seeded
 * by four outputs of {@link SplitMix64}, as the xoshiro authors recommend.
 *
 * <p>We implement the generator ourselves, instead of using {@code java.util.Random} or the JDK
 * 17 {@code RandomGenerator} family, because the trace depends on every bit it produces and those
 * bits must never change between JDK versions. A test pins the first outputs of both the raw
 * generator and a named stream, so any change to the algorithm is caught.
 *
 * <p>Variates that need real numbers compute them with {@link StrictMath}, whose results are
 * specified bit for bit (fdlibm), and round back to {@code long} nanoseconds at once, so no
 * floating-point value ever reaches model state. Not thread-safe: a run has one thread.
 */
public final class RandomStream {
  /** The weight of the lowest bit kept by {@link #nextDouble()}: 2^-53. */
  private static final double DOUBLE_UNIT = 0x1.0p-53;

  private long s0;
  private long s1;
  private long s2;
  private long s3;

  /** Seeds the four state words from SplitMix64, which never yields an all-zero state. */
  RandomStream(long seed) {
    SplitMix64 seeder = new SplitMix64(seed);
    this.s0 = seeder.next();
    this.s1 = seeder.next();
    this.s2 = seeder.next();
    this.s3 = seeder.next();
    Verify.verify((s0 | s1 | s2 | s3) != 0, "xoshiro256** state must not be all zero");
  }

  /** Builds a stream with a raw state, so tests can check against the reference's vectors. */
  static RandomStream ofState(long s0, long s1, long s2, long s3) {
    checkArgument((s0 | s1 | s2 | s3) != 0, "xoshiro256** state must not be all zero");
    RandomStream stream = new RandomStream(0);
    stream.s0 = s0;
    stream.s1 = s1;
    stream.s2 = s2;
    stream.s3 = s3;
    return stream;
  }

  /** Returns the next 64 uniformly distributed bits (one xoshiro256** step). */
  public long nextLong() {
    long result = Long.rotateLeft(s1 * 5, 7) * 9;
    long t = s1 << 17;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = Long.rotateLeft(s3, 45);
    return result;
  }

  /**
   * Returns a uniform int in [0, bound) without modulo bias, by Lemire's multiply-and-reject
   * method ("Fast random integer generation in an interval", 2019) on the top 32 bits.
   */
  public int nextInt(int bound) {
    checkArgument(bound > 0, "bound %s must be positive", bound);
    long product = (nextLong() >>> 32) * bound;
    long low = product & 0xFFFF_FFFFL;
    if (low < bound) {
      // Values below (2^32 mod bound) fall in an over-represented slot; draw again.
      long threshold = (0x1_0000_0000L - bound) % bound;
      while (low < threshold) {
        product = (nextLong() >>> 32) * bound;
        low = product & 0xFFFF_FFFFL;
      }
    }
    return (int) (product >>> 32);
  }

  /**
   * Returns a uniform long in [0, bound) without modulo bias: a mask for powers of two, otherwise
   * a 63-bit draw reduced modulo bound and rejected when it lands in the incomplete top bucket.
   */
  public long nextLong(long bound) {
    checkArgument(bound > 0, "bound %s must be positive", bound);
    long mask = bound - 1;
    if ((bound & mask) == 0) {
      return nextLong() & mask;
    }
    long draw = nextLong() >>> 1;
    long value = draw % bound;
    // draw - value is the start of draw's bucket; if that bucket does not fit below 2^63 whole,
    // its values would be over-represented, so draw again.
    while (draw - value > Long.MAX_VALUE - mask) {
      draw = nextLong() >>> 1;
      value = draw % bound;
    }
    return value;
  }

  /** Returns a uniform double in [0, 1) with 53 random bits, the full precision of a double. */
  public double nextDouble() {
    return (nextLong() >>> 11) * DOUBLE_UNIT;
  }

  /**
   * Returns an exponentially distributed duration with mean {@code meanNs}, for Poisson arrivals.
   *
   * <p>Inversion: {@code -meanNs * StrictMath.log(1 - u)} with {@code u} from {@link
   * #nextDouble()}, rounded half up to a {@code long}. {@code 1 - u} is exact and never zero, so
   * the result is finite; it is at most about 36.7 times the mean and saturates at {@code
   * Long.MAX_VALUE} for absurd means. Always at least zero.
   */
  public long exponentialNs(long meanNs) {
    checkArgument(meanNs >= 0, "meanNs %s must not be negative", meanNs);
    double u = nextDouble();
    double valueNs = -(double) meanNs * StrictMath.log(1.0 - u);
    // StrictMath.log(1.0) is +0.0, so the product may be -0.0; max folds it to zero.
    return StrictMath.max(0L, StrictMath.round(valueNs));
  }

  /**
   * Returns a normally distributed duration, by Marsaglia's polar method with {@link StrictMath}.
   *
   * <p>Each call draws pairs until one lies inside the unit circle and uses the first of the two
   * normal values, dropping the second, so a stream's position depends only on the calls made and
   * not on a hidden cache. Clamping policy: none here. The result is {@code meanNs + stddevNs * z}
   * rounded half up, saturated to the {@code long} range, and may be negative or far in the tail;
   * callers clamp to what their model allows (for example {@code StrictMath.max(0, x)}).
   */
  public long normalNs(long meanNs, long stddevNs) {
    checkArgument(stddevNs >= 0, "stddevNs %s must not be negative", stddevNs);
    double x;
    double y;
    double radiusSquared;
    do {
      x = 2.0 * nextDouble() - 1.0;
      y = 2.0 * nextDouble() - 1.0;
      radiusSquared = x * x + y * y;
    } while (radiusSquared >= 1.0 || radiusSquared == 0.0);
    double z = x * StrictMath.sqrt(-2.0 * StrictMath.log(radiusSquared) / radiusSquared);
    return StrictMath.round((double) meanNs + (double) stddevNs * z);
  }

  /** Returns a uniform duration in [loNs, hiNs): inclusive lower, exclusive upper bound. */
  public long uniformNs(long loNs, long hiNs) {
    // The subtraction also catches ranges wider than Long.MAX_VALUE, which overflow negative.
    long widthNs = hiNs - loNs;
    checkArgument(loNs < hiNs && widthNs > 0, "empty or too wide range [%s, %s)", loNs, hiNs);
    return loNs + nextLong(widthNs);
  }
}
