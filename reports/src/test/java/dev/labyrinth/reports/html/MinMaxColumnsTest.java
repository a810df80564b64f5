package dev.labyrinth.reports.html;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Downsampling keeps every column's extremes, so spikes survive any number of samples. */
class MinMaxColumnsTest {

  @Test
  void aOneSampleSpikeSurvivesAMillionSamples() {
    MinMaxColumns columns = new MinMaxColumns(999_999, 880);
    for (long t = 0; t < 1_000_000; t++) {
      columns.add(t, t == 523_777 ? 3 : 5_000 + t % 7);
    }
    int spike = columns.column(523_777);
    assertThat(columns.min(spike)).isEqualTo(3);
    assertThat(columns.min(spike - 1)).isEqualTo(5_000);
    assertThat(columns.max(spike)).isEqualTo(5_006);
    assertThat(columns.overallMax(0)).isEqualTo(5_006);
  }

  @Test
  void extremesComeInTimeOrderAndTheLastValueCarries() {
    MinMaxColumns columns = new MinMaxColumns(100, 10);
    columns.add(0, 50);
    columns.add(1, 90);
    columns.add(2, 10);
    columns.add(3, 40);
    assertThat(columns.first(0)).isEqualTo(90);
    assertThat(columns.second(0)).isEqualTo(10);
    assertThat(columns.lastOf(0)).isEqualTo(40);
    assertThat(columns.column(100)).isEqualTo(9);
    assertThat(columns.column(Long.MAX_VALUE)).isEqualTo(9);
    assertThat(columns.used(5)).isFalse();
  }

  @Test
  void hugeTimesDoNotOverflow() {
    MinMaxColumns columns = new MinMaxColumns(Long.MAX_VALUE - 1, 880);
    assertThat(columns.column(Long.MAX_VALUE / 2)).isEqualTo(439);
  }
}
