package dev.labyrinth.emulator.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TraceDiffTest {

  private static Optional<TraceDiff.Divergence> diff(String a, String b) throws IOException {
    return TraceDiff.firstDivergence(new StringReader(a), new StringReader(b), 2);
  }

  @Test
  void identicalTracesHaveNoDivergence() throws IOException {
    assertThat(diff("h\na\nb\n", "h\na\nb\n")).isEmpty();
  }

  @Test
  void reportsTheFirstDifferingLineWithContext() throws IOException {
    TraceDiff.Divergence d = diff("h\na\nb\nc\nX\n", "h\na\nb\nc\nY\nZ\n").orElseThrow();
    assertThat(d.lineNumber()).isEqualTo(5);
    assertThat(d.expected()).contains("X");
    assertThat(d.actual()).contains("Y");
    assertThat(d.before()).containsExactly("b", "c");
    assertThat(d.describe("golden", "run")).isEqualTo(
        "first divergence at line 5\n"
            + "    3  b\n"
            + "    4  c\n"
            + "  - 5  X   (golden)\n"
            + "  + 5  Y   (run)\n");
  }

  @Test
  void aShorterTraceDivergesWhereItEnds() throws IOException {
    TraceDiff.Divergence d = diff("h\na\n", "h\na\nb\n").orElseThrow();
    assertThat(d.lineNumber()).isEqualTo(3);
    assertThat(d.expected()).isEmpty();
    assertThat(d.actual()).contains("b");
    assertThat(d.describe("golden", "run")).contains("<end of golden>");
  }

  @Test
  void theHeaderIsLineOne() throws IOException {
    assertThat(diff("h1\na\n", "h2\na\n").orElseThrow().lineNumber()).isEqualTo(1);
  }
}
