package dev.labyrinth.emulator.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableList;
import com.google.common.hash.Hashing;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The pipelined writer hashes and writes on a second thread: the same bytes and fingerprint as
 * the inline one, in order, whatever the chunking; failures reach the writer; the thread ends.
 */
class PipelinedChunkSinkTest {
  private static final String SHA = "0".repeat(64);
  private static final TraceHeader HEADER = new TraceHeader("x", SHA, 0, ImmutableList.of());

  /** Records of varied length, some far longer than a chunk (the buffer grows for them). */
  private static String writeTrace(CanonicalTraceWriter writer) {
    for (int i = 0; i < 150_000; i++) {
      var record = writer.begin(i % 3 == 0 ? "mm_page_alloc" : "mm_page_free", i)
          .put("pfn", i * 7919L).put("zone", i % 2 == 0 ? "Normal" : "DMA32");
      if (i % 50_000 == 1) {
        record.put("note", "y".repeat(200_000 + i)); // larger than the 64 KiB chunk
      }
      record.end();
    }
    return writer.finish();
  }

  @Test
  void pipelinedAndInlineWritersGiveTheSameBytesAndFingerprint() {
    ByteArrayOutputStream inline = new ByteArrayOutputStream();
    ByteArrayOutputStream pipelined = new ByteArrayOutputStream();
    String inlineFingerprint = writeTrace(new CanonicalTraceWriter(inline, HEADER));
    String pipelinedFingerprint = writeTrace(CanonicalTraceWriter.pipelined(pipelined, HEADER));
    assertThat(pipelined.size()).isGreaterThan(20 * (1 << 16)); // many chunks went through
    assertThat(pipelined.toByteArray()).isEqualTo(inline.toByteArray());
    assertThat(pipelinedFingerprint).isEqualTo(inlineFingerprint)
        .isEqualTo("sha256:" + Hashing.sha256().hashBytes(inline.toByteArray()));
  }

  @Test
  void chunksReachTheStreamInOrderAndTheDigestCoversExactlyThem() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PipelinedChunkSink sink = new PipelinedChunkSink(out, 8);
    byte[] buffer = new byte[8];
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    for (int chunk = 0; chunk < 1_000; chunk++) {
      int length = chunk % 9; // 0..8 bytes, an empty chunk included
      for (int i = 0; i < length; i++) {
        buffer[i] = (byte) (chunk + i);
      }
      expected.write(buffer, 0, length);
      buffer = sink.accept(buffer, length); // the old buffer may now be in use by the consumer
    }
    byte[] digest = sink.close();
    assertThat(out.toByteArray()).isEqualTo(expected.toByteArray());
    assertThat(digest).isEqualTo(Hashing.sha256().hashBytes(expected.toByteArray()).asBytes());
    assertThat(sink.consumerAlive()).isFalse();
  }

  @Test
  void aWriteFailureReachesTheWriterAndTheStreamIsStillClosed() {
    AtomicInteger closes = new AtomicInteger();
    OutputStream failing = CanonicalTraceWriterTest.failingStream(closes);
    CanonicalTraceWriter writer = CanonicalTraceWriter.pipelined(failing, HEADER);
    // The consumer fails on the first chunk; the writer learns at a later chunk or at finish.
    assertThatThrownBy(() -> {
      for (int i = 0; i < 200_000; i++) {
        writer.begin("mm_page_alloc", i).put("pfn", i).put("zone", "Normal").end();
      }
      writer.finish();
    }).isInstanceOf(UncheckedIOException.class).hasRootCauseMessage("disk full");
    assertThatThrownBy(writer::finish).isInstanceOf(UncheckedIOException.class);
    assertThat(closes.get()).isEqualTo(1);
  }

  @Test
  void anErrorOnTheWritingThreadFailsTheWriterInsteadOfHangingIt() {
    OutputStream broken = new OutputStream() {
      @Override
      public void write(int b) {
        throw new AssertionError("broken stream");
      }

      @Override
      public void write(byte[] b, int off, int len) {
        throw new AssertionError("broken stream");
      }
    };
    CanonicalTraceWriter writer = CanonicalTraceWriter.pipelined(broken, HEADER);
    // Far more chunks than the pool holds: with a dead consumer the writer would block forever.
    assertThatThrownBy(() -> {
      for (int i = 0; i < 2_000_000; i++) {
        writer.begin("mm_page_alloc", i).put("pfn", i).put("zone", "Normal").end();
      }
      writer.finish();
    }).isInstanceOf(UncheckedIOException.class).hasRootCauseMessage("broken stream");
  }

  @Test
  void closingWithoutFinishEndsTheThread() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PipelinedChunkSink sink = new PipelinedChunkSink(out, 16);
    sink.accept(new byte[16], 16);
    assertThat(sink.consumerAlive()).isTrue();
    sink.close();
    assertThat(sink.consumerAlive()).isFalse();
    assertThat(out.size()).isEqualTo(16);
  }
}
