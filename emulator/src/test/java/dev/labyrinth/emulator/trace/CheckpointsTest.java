package dev.labyrinth.emulator.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Checkpoint fingerprints over a long synthetic trace locate the window of a divergence. */
class CheckpointsTest {

  private static final int LINES = 300_000;

  private static String trace(int changedLine) {
    StringBuilder out = new StringBuilder(LINES * 60);
    out.append("{\"format\":\"labyrinth-trace\",\"version\":1}\n");
    for (int i = 2; i <= LINES; i++) {
      long pfn = i == changedLine ? 7 : i % 4096;
      out.append("{\"t\":").append(i * 1000L).append(",\"ev\":\"mm_page_alloc\",\"pfn\":")
          .append(pfn).append(",\"order\":0}\n");
    }
    return out.toString();
  }

  @Test
  void theFirstDifferingWindowHoldsTheFirstDifferingLine() throws IOException {
    int changed = 200_001;
    Checkpoints golden = Checkpoints.of(new StringReader(trace(-1)), 1 << 16);
    Checkpoints actual = Checkpoints.of(new StringReader(trace(changed)), 1 << 16);
    assertThat(golden.lines()).isEqualTo(LINES);
    assertThat(golden.windows()).hasSize(5);
    assertThat(golden.fingerprint()).isNotEqualTo(actual.fingerprint());

    int window = golden.firstDifferingWindow(actual).orElseThrow();
    assertThat(window).isEqualTo(3);
    long from = golden.firstLineOf(window);
    assertThat(from).isEqualTo(3L * 65536 + 1).isLessThanOrEqualTo(changed);

    TraceDiff.Divergence d = TraceDiff.firstDivergence(new StringReader(trace(-1)),
        new StringReader(trace(changed)), 3, Ingredients.ALL, from).orElseThrow();
    assertThat(d.lineNumber()).isEqualTo(changed);
    assertThat(d.actual().orElseThrow()).contains("\"pfn\":7,");
    assertThat(golden.firstDifferingWindow(golden)).isEmpty();
  }

  @Test
  void aShorterTraceDiffersInItsLastWindowAndTheSidecarRoundTrips() throws IOException {
    Checkpoints full = Checkpoints.of(new StringReader("h\na\nb\nc\nd\n"), 2);
    Checkpoints cut = Checkpoints.of(new StringReader("h\na\nb\nc\n"), 2);
    assertThat(full.windows()).hasSize(3);
    assertThat(full.firstDifferingWindow(cut)).hasValue(2);
    assertThat(Checkpoints.parse(List.of(full.format().split("\n")))).isEqualTo(full);
  }

  @Test
  void aSelectionComparesOnlyItsCategoriesAndKeys() throws IOException {
    String a = "h\n{\"t\":1,\"ev\":\"irq_handler_entry\",\"irq\":1,\"latency_ns\":5}\n"
        + "{\"t\":2,\"ev\":\"mm_page_alloc\",\"pfn\":1}\n";
    String b = "h\n{\"t\":1,\"ev\":\"irq_handler_entry\",\"irq\":1,\"latency_ns\":9}\n"
        + "{\"t\":1,\"ev\":\"sched_switch\",\"cpu\":0}\n{\"t\":2,\"ev\":\"mm_page_alloc\",\"pfn\":1}\n";
    assertThat(TraceDiff.firstDivergence(new StringReader(a), new StringReader(b), 2,
        Ingredients.parse(Optional.of("mm,irq"), List.of("latency_ns")), 1)).isEmpty();
    assertThat(TraceDiff.firstDivergence(new StringReader(a), new StringReader(b), 2,
        Ingredients.parse(Optional.of("mm,irq"), List.of()), 1).orElseThrow().lineNumber())
        .isEqualTo(2);
    TraceDiff.Divergence sched = TraceDiff.firstDivergence(new StringReader(a),
        new StringReader(b), 2, Ingredients.parse(Optional.of("mm,sched"), List.of()), 1)
        .orElseThrow();
    assertThat(sched.expected().orElseThrow()).contains("mm_page_alloc");
    assertThat(sched.actual().orElseThrow()).contains("sched_switch");
    assertThat(sched.actualLineNumber()).isEqualTo(3);
  }
}
