package dev.labyrinth.emulator.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Checks the variates statistically over seeded draws (so the tolerances are exact, not flaky)
 * and pins the first values of the real-valued ones, so a change to their formulas or rounding is
 * caught.
 */
class RandomVariatesTest {
  private static final int DRAWS = 100_000;

  @Test
  void exponentialNs_meanWithinOnePercent() {
    RandomStream stream = new RandomStreams(11).stream("exp");
    long meanNs = 1_000_000;
    long sumNs = 0;
    for (int i = 0; i < DRAWS; i++) {
      long valueNs = stream.exponentialNs(meanNs);
      assertThat(valueNs).isNotNegative();
      sumNs += valueNs;
    }
    // The standard error of the mean is mean / sqrt(100k), about 0.32 %; 1 % is three of them.
    assertThat((double) sumNs / DRAWS).isCloseTo(meanNs, within(meanNs * 0.01));
  }

  @Test
  void exponentialNs_zeroMean_isZero() {
    RandomStream stream = new RandomStreams(11).stream("exp");
    assertThat(stream.exponentialNs(0)).isZero();
    assertThatThrownBy(() -> stream.exponentialNs(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void exponentialNs_firstValuesArePinned() {
    // Pinned: computed once from this implementation, so formula or rounding changes are caught.
    RandomStream stream = new RandomStreams(7).stream("exp");
    assertThat(stream.exponentialNs(1_000_000)).isEqualTo(1114005L);
    assertThat(stream.exponentialNs(1_000_000)).isEqualTo(209767L);
    assertThat(stream.exponentialNs(1_000_000)).isEqualTo(279452L);
    assertThat(stream.exponentialNs(1_000_000)).isEqualTo(379L);
    assertThat(stream.exponentialNs(1_000_000)).isEqualTo(345609L);
  }

  @Test
  void normalNs_meanAndStddevWithinTolerance() {
    RandomStream stream = new RandomStreams(12).stream("normal");
    long meanNs = 5_000_000;
    long stddevNs = 250_000;
    double sum = 0;
    double sumSquares = 0;
    for (int i = 0; i < DRAWS; i++) {
      double value = stream.normalNs(meanNs, stddevNs);
      sum += value;
      sumSquares += value * value;
    }
    double mean = sum / DRAWS;
    double stddev = StrictMath.sqrt(sumSquares / DRAWS - mean * mean);
    assertThat(mean).isCloseTo(meanNs, within(stddevNs * 0.02));
    assertThat(stddev).isCloseTo(stddevNs, within(stddevNs * 0.02));
  }

  @Test
  void normalNs_firstValuesArePinned() {
    // Pinned: computed once from this implementation, so formula or rounding changes are caught.
    RandomStream stream = new RandomStreams(7).stream("normal");
    assertThat(stream.normalNs(1_000_000, 100_000)).isEqualTo(1104048L);
    assertThat(stream.normalNs(1_000_000, 100_000)).isEqualTo(828263L);
    assertThat(stream.normalNs(1_000_000, 100_000)).isEqualTo(1058999L);
    assertThat(stream.normalNs(1_000_000, 100_000)).isEqualTo(875294L);
    assertThat(stream.normalNs(1_000_000, 100_000)).isEqualTo(1123342L);
  }

  @Test
  void normalNs_zeroStddev_returnsMean() {
    RandomStream stream = new RandomStreams(12).stream("normal");
    assertThat(stream.normalNs(42, 0)).isEqualTo(42);
  }

  @Test
  void uniformNs_staysInHalfOpenRangeAndReachesBothEnds() {
    RandomStream stream = new RandomStreams(13).stream("uniform");
    boolean sawLow = false;
    boolean sawHighMinusOne = false;
    for (int i = 0; i < DRAWS; i++) {
      long valueNs = stream.uniformNs(-3, 4);
      assertThat(valueNs).isBetween(-3L, 3L);
      sawLow |= valueNs == -3;
      sawHighMinusOne |= valueNs == 3;
    }
    assertThat(sawLow).isTrue();
    assertThat(sawHighMinusOne).isTrue();
  }

  @Test
  void uniformNs_emptyOrOverflowingRange_rejected() {
    RandomStream stream = new RandomStreams(13).stream("uniform");
    assertThatThrownBy(() -> stream.uniformNs(5, 5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> stream.uniformNs(Long.MIN_VALUE, Long.MAX_VALUE))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void nextInt_boundSeven_coversEveryValueEvenly() {
    RandomStream stream = new RandomStreams(14).stream("int");
    int[] counts = new int[7];
    for (int i = 0; i < DRAWS * 7; i++) {
      int value = stream.nextInt(7);
      assertThat(value).isBetween(0, 6);
      counts[value]++;
    }
    for (int count : counts) {
      // Expected 100k each, standard deviation about 293; 1.5 % is about five of them.
      assertThat(count).isBetween(98_500, 101_500);
    }
  }

  @Test
  void nextInt_largeNonPowerOfTwoBound_staysInRange() {
    RandomStream stream = new RandomStreams(14).stream("int");
    int bound = (1 << 30) + 1;
    for (int i = 0; i < DRAWS; i++) {
      assertThat(stream.nextInt(bound)).isBetween(0, bound - 1);
    }
    assertThat(stream.nextInt(1)).isZero();
    assertThatThrownBy(() -> stream.nextInt(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void nextLongBound_staysInRangeAndCoversSmallRange() {
    RandomStream stream = new RandomStreams(15).stream("long");
    long bound = (1L << 62) + 12345;
    for (int i = 0; i < DRAWS; i++) {
      assertThat(stream.nextLong(bound)).isBetween(0L, bound - 1);
    }
    int[] counts = new int[3];
    for (int i = 0; i < 30_000; i++) {
      counts[(int) stream.nextLong(3)]++;
    }
    for (int count : counts) {
      assertThat(count).isBetween(9_500, 10_500);
    }
    assertThat(stream.nextLong(16)).isBetween(0L, 15L);
    assertThatThrownBy(() -> stream.nextLong(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void nextDouble_inUnitInterval() {
    RandomStream stream = new RandomStreams(16).stream("double");
    double sum = 0;
    for (int i = 0; i < DRAWS; i++) {
      double value = stream.nextDouble();
      assertThat(value).isGreaterThanOrEqualTo(0.0).isLessThan(1.0);
      sum += value;
    }
    assertThat(sum / DRAWS).isCloseTo(0.5, within(0.005));
  }
}
