package dev.labyrinth.reports;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TimeTextTest {

  @Test
  void microsIsExactFixedPoint() {
    assertThat(TimeText.micros(1_234_567)).isEqualTo("1234.567");
    assertThat(TimeText.micros(0)).isEqualTo("0.000");
    assertThat(TimeText.micros(5)).isEqualTo("0.005");
    assertThat(TimeText.micros(Long.MAX_VALUE)).isEqualTo("9223372036854775.807");
  }

  @Test
  void ftraceSecondsRoundsToMicrosecondsLikeNs2usecs() {
    assertThat(TimeText.ftraceSeconds(5_123_456_789_499L)).isEqualTo(" 5123.456789");
    assertThat(TimeText.ftraceSeconds(5_123_456_789_500L)).isEqualTo(" 5123.456790");
    assertThat(TimeText.ftraceSeconds(1_001_360)).isEqualTo("    0.001001");
  }

  /** A hostile trace may carry any long as a time; neither text may overflow or recurse. */
  @Test
  void extremeTimesRenderWithoutOverflow() {
    assertThat(TimeText.micros(-1_234_567)).isEqualTo("-1234.567");
    assertThat(TimeText.micros(Long.MIN_VALUE)).isEqualTo("-9223372036854775.808");
    assertThat(TimeText.ftraceSeconds(Long.MAX_VALUE)).isEqualTo("9223372036.854776");
    assertThat(TimeText.ftraceSeconds(Long.MIN_VALUE)).isEqualTo("    0.000000");
  }

  @Test
  void atomicFloorIsThreeEighthsOfMin() {
    assertThat(Watermarks.atomicFloorPages(1024)).isEqualTo(384);
    assertThat(Watermarks.atomicFloorPages(2017)).isEqualTo(757);
    assertThat(Watermarks.atomicFloorPages(0)).isZero();
  }
}
