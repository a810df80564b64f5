package dev.labyrinth.emulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UnitsTest {
  @ParameterizedTest
  @CsvSource({
    "0B, 0",
    "512B, 512",
    "4KiB, 4096",
    "1.5KiB, 1536",
    "1.25KiB, 1280",
    "1.50KiB, 1536",
    "256MiB, 268435456",
    "1GiB, 1073741824",
    "64TiB, 70368744177664",
    "0.5GiB, 536870912",
    "007KiB, 7168",
    "8388607TiB, 9223370937343148032",
  })
  void sizes(String text, long bytes) {
    assertThat(Units.parseSizeBytes(text)).isEqualTo(bytes);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "4MB | did you mean MiB?",
        "4KB | did you mean KiB?",
        "4GB | did you mean GiB?",
        "4k | did you mean KiB?",
        "4 | with no unit",
        "KiB | expected a size with a binary unit",
        "1.3B | not a whole number of bytes",
        "0.1KiB | not a whole number of bytes",
        "-4KiB | must not be negative",
        "4 KiB | without spaces",
        "8388608TiB | too large",
        "99999999999999999999B | too large",
        "1e3B | expected a size",
        "4PiB | unknown unit 'PiB'",
      })
  void badSizes(String text, String fragment) {
    assertThatThrownBy(() -> Units.parseSizeBytes(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(fragment);
  }

  @ParameterizedTest
  @CsvSource({
    "0ns, 0",
    "1ns, 1",
    "10us, 10000",
    "4ms, 4000000",
    "1.5s, 1500000000",
    "2.5us, 2500",
    "0.000000001s, 1",
    "200ms, 200000000",
    "9223372036s, 9223372036000000000",
  })
  void times(String text, long ns) {
    assertThat(Units.parseTimeNs(text)).isEqualTo(ns);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "200 | expected a time with a unit (ns, us, ms, s), e.g. 4ms",
        "0.5ns | not a whole number of nanoseconds",
        "0.0000000001s | not a whole number of nanoseconds",
        "1min | the largest unit is s",
        "5sec | did you mean s?",
        "9223372037s | too large",
        "4MS | did you mean ms?",
      })
  void badTimes(String text, String fragment) {
    assertThatThrownBy(() -> Units.parseTimeNs(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(fragment);
  }

  @ParameterizedTest
  @CsvSource({"16777216, 16MiB", "4096, 4KiB", "1000000, 1000000B", "0, 0B", "70368744177664, 64TiB"})
  void formatsSizes(long bytes, String text) {
    assertThat(Units.formatSize(bytes)).isEqualTo(text);
  }

  @ParameterizedTest
  @CsvSource({"4000000, 4ms", "1500, 1500ns", "1000000000, 1s"})
  void formatsTimes(long ns, String text) {
    assertThat(Units.formatTime(ns)).isEqualTo(text);
  }

  @Test
  void problemsEchoTheTextOnOneLine() {
    // found by ScenarioFuzzTest: a block scalar as a duration put a raw newline in the message
    assertThatThrownBy(() -> Units.parseTimeNs("block\n")).isInstanceOf(
        IllegalArgumentException.class).hasMessageContaining("(got 'block\\n')")
        .hasMessageNotContaining("\n");
    assertThatThrownBy(() -> Units.parseSizeBytes("4\tKiB\u0007")).hasMessageContaining(
        "4\\tKiB\\u0007");
  }
}
