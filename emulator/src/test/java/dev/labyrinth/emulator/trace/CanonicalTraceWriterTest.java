package dev.labyrinth.emulator.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableList;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CanonicalTraceWriterTest {

  private static final String SHA = "ab".repeat(32);

  @Test
  void writesHeaderAndRecordsAsCanonicalJsonLines() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CanonicalTraceWriter writer = new CanonicalTraceWriter(bytes,
        new TraceHeader("imu", SHA, -7, ImmutableList.of("vm.min_free_kbytes=4096")));
    writer.begin("irq_handler_entry", 4_000_000).put("cpu", 0).put("irq", 1).put("name", "tick")
        .end();
    writer.begin("run_end", 5_000_000).put("reason", "time_limit").end();
    String fingerprint = writer.finish();

    String text = bytes.toString(StandardCharsets.UTF_8);
    assertThat(text).isEqualTo(
        "{\"format\":\"labyrinth-trace\",\"version\":1,\"scenario\":\"imu\",\"scenario_sha256\":\""
            + SHA + "\",\"seed\":-7,\"overrides\":[\"vm.min_free_kbytes=4096\"]}\n"
            + "{\"t\":4000000,\"ev\":\"irq_handler_entry\",\"cpu\":0,\"irq\":1,\"name\":\"tick\"}\n"
            + "{\"t\":5000000,\"ev\":\"run_end\",\"reason\":\"time_limit\"}\n");
    assertThat(writer.recordCount()).isEqualTo(2);
    assertThat(writer.byteCount()).isEqualTo(bytes.size());
    assertThat(fingerprint).isEqualTo("sha256:" + Fingerprint.sha256Hex(bytes.toByteArray()));
  }

  @Test
  void escapesEveryStringSoALineStaysOneLine() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CanonicalTraceWriter writer = new CanonicalTraceWriter(bytes,
        new TraceHeader("a\"b\\c\nd\u2028é", SHA, 0, ImmutableList.of()));
    writer.begin("x", 0).put("s", "\u0001\t\u007f</script>").end();
    writer.finish();
    String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n", -1);
    assertThat(lines).hasSize(3);
    assertThat(lines[0]).contains("\"scenario\":\"a\\\"b\\\\c\\nd\\u2028é\"");
    assertThat(lines[1]).endsWith("\"s\":\"\\u0001\\t\\u007f</script>\"}");
  }

  @Test
  void numbersAroundEveryPowerOfTenAreWrittenAsJavaWritesThem() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CanonicalTraceWriter writer = new CanonicalTraceWriter(bytes,
        new TraceHeader("x", SHA, 0, ImmutableList.of()));
    StringBuilder expected = new StringBuilder();
    long[] extremes = {0, 9, 10, 99, 100, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1};
    java.util.List<Long> values = new java.util.ArrayList<>();
    for (long v : extremes) {
      values.add(v);
    }
    for (long power = 1; power <= Long.MAX_VALUE / 10; power *= 10) {
      for (long v : new long[] {power - 1, power, power + 1, 10 * power - 1}) {
        values.add(v);
        values.add(-v);
      }
    }
    for (long v : values) {
      writer.begin("n", v).put("v", v).end();
      expected.append("{\"t\":").append(v).append(",\"ev\":\"n\",\"v\":").append(v)
          .append("}\n");
    }
    writer.finish();
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertThat(text.substring(text.indexOf('\n') + 1)).isEqualTo(expected.toString());
  }

  @Test
  void refusesInterleavedRecords() {
    CanonicalTraceWriter writer = new CanonicalTraceWriter(new ByteArrayOutputStream(),
        new TraceHeader("x", SHA, 0, ImmutableList.of()));
    writer.begin("a", 0);
    assertThatThrownBy(() -> writer.begin("b", 0)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void largeTracesFlushInChunksWithTheSameBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CanonicalTraceWriter writer = new CanonicalTraceWriter(bytes,
        new TraceHeader("x", SHA, 0, ImmutableList.of()));
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < 20_000; i++) {
      writer.begin("e", i).put("i", i).end();
      expected.append("{\"t\":").append(i).append(",\"ev\":\"e\",\"i\":").append(i).append("}\n");
    }
    writer.finish();
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertThat(text.substring(text.indexOf('\n') + 1)).isEqualTo(expected.toString());
  }
  @Test
  void aFailingStreamFailsTheRecordThatFillsAChunk() {
    CanonicalTraceWriter writer = new CanonicalTraceWriter(failingStream(new AtomicInteger()),
        new TraceHeader("x", SHA, 0, ImmutableList.of()));
    assertThatThrownBy(() -> {
      for (int i = 0; i < 200_000; i++) {
        writer.begin("mm_page_alloc", i).put("pfn", i).put("zone", "Normal").end();
      }
    }).isInstanceOf(UncheckedIOException.class).hasRootCauseMessage("disk full");
  }

  @Test
  void aFailingStreamFailsFinishEveryTimeAndIsStillClosed() {
    AtomicInteger closes = new AtomicInteger();
    CanonicalTraceWriter writer = new CanonicalTraceWriter(failingStream(closes),
        new TraceHeader("x", SHA, 0, ImmutableList.of()));
    // Less than a chunk: nothing reaches the stream before closing.
    for (int i = 0; i < 500; i++) {
      writer.begin("mm_page_alloc", i).put("pfn", i).put("zone", "Normal").end();
    }
    assertThatThrownBy(writer::finish).isInstanceOf(UncheckedIOException.class)
        .hasRootCauseMessage("disk full");
    assertThatThrownBy(writer::finish).isInstanceOf(UncheckedIOException.class);
    assertThat(closes.get()).isEqualTo(1);
  }

  /** A stream whose every write fails with "disk full"; counts its closes in {@code closes}. */
  static OutputStream failingStream(AtomicInteger closes) {
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        throw new IOException("disk full");
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        throw new IOException("disk full");
      }

      @Override
      public void close() {
        closes.incrementAndGet();
      }
    };
  }

  @Test
  void manyChunksComeOutInOrder() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CanonicalTraceWriter writer =
        new CanonicalTraceWriter(bytes, new TraceHeader("x", SHA, 0, ImmutableList.of()));
    StringBuilder expected = new StringBuilder(new TraceHeader("x", SHA, 0, ImmutableList.of())
        .toJson()).append('\n');
    for (int i = 0; i < 100_000; i++) {
      writer.begin("e", i).put("n", i).end();
      expected.append("{\"t\":").append(i).append(",\"ev\":\"e\",\"n\":").append(i)
          .append("}\n");
    }
    String fingerprint = writer.finish();
    byte[] want = expected.toString().getBytes(StandardCharsets.UTF_8);
    assertThat(bytes.toByteArray()).isEqualTo(want);
    assertThat(fingerprint).isEqualTo("sha256:" + Fingerprint.sha256Hex(want));
  }
}
