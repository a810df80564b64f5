package dev.labyrinth.emulator.trace;

import com.google.common.util.concurrent.Uninterruptibles;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Hashes and writes chunks on a second thread while the emulator fills the next buffer.
 *
 * <p>Why: in a traced run of an allocation-heavy scenario, SHA-256 and the file writes take
 * about a third of the time (the trace runs at 300-400 MB/s and SHA-256 manages about 1.2-1.5
 * GB/s on this hardware), and the emulator itself is single-threaded, so a second core is
 * otherwise idle. Determinism does not depend on the threads: there is one consumer, chunks are
 * handed over through a FIFO queue, so the bytes reach the digest and the stream in exactly the
 * order they were written, and the digest is read only after the consumer has finished ({@link
 * Thread#join} orders its work before the read).
 *
 * <p>A fixed pool of {@value #BUFFERS} buffers (about 2 MiB) circulates between the two threads,
 * so the writer never runs more than that many chunks ahead of the disk and memory stays bounded.
 * Free buffers are reused oldest first, and the pool is larger than a core's private cache on
 * purpose: a buffer the consumer has just hashed sits in the other core's cache, and filling it
 * again at once pulls every line back across (with 4 buffers the emulator's thread gained almost
 * nothing; with 32 a traced run got 30-40 % faster; docs/performance.md). A write
 * failure is kept by the consumer (which then only recycles buffers) and thrown to the writer at
 * its next chunk or at {@link #close}, so the writer cannot block on a dead consumer.
 */
final class PipelinedChunkSink implements ChunkSink {
  static final int BUFFERS = 32;
  /** Marks the end of the stream of chunks; identity-compared. */
  private static final Chunk END = new Chunk(new byte[0], 0);

  private record Chunk(byte[] bytes, int length) {}

  private final OutputStream out;
  private final MessageDigest sha256 = Sha256.newDigest();
  private final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(BUFFERS);
  private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BUFFERS);
  private final Thread consumer;
  /** The consumer's first write failure; read by the writer's thread. */
  private volatile IOException failure;
  private boolean closed;

  /** Starts the consumer; the writer already holds one buffer of {@code bufferBytes}. */
  PipelinedChunkSink(OutputStream out, int bufferBytes) {
    this.out = out;
    for (int i = 1; i < BUFFERS; i++) {
      free.add(new byte[bufferBytes]);
    }
    consumer = new Thread(this::consume, "labyrinth-trace-writer");
    consumer.setDaemon(true); // a run that dies without closing its writer must not keep the JVM
    consumer.start();
  }

  @Override
  public byte[] accept(byte[] chunk, int length) {
    throwIfFailed();
    Uninterruptibles.putUninterruptibly(full, new Chunk(chunk, length));
    return Uninterruptibles.takeUninterruptibly(free);
  }

  @Override
  public byte[] close() {
    if (!closed) {
      closed = true;
      Uninterruptibles.putUninterruptibly(full, END);
      Uninterruptibles.joinUninterruptibly(consumer);
      try {
        out.close();
      } catch (IOException e) {
        if (failure == null) {
          failure = e;
        }
      }
    }
    throwIfFailed();
    return sha256.digest();
  }

  /** Whether the consumer thread is still running; for tests. */
  boolean consumerAlive() {
    return consumer.isAlive();
  }

  private void throwIfFailed() {
    IOException e = failure;
    if (e != null) {
      throw new UncheckedIOException(e);
    }
  }

  /** The consumer thread: hash, write, recycle, until the end marker. */
  private void consume() {
    while (true) {
      Chunk chunk = Uninterruptibles.takeUninterruptibly(full);
      if (chunk == END) {
        return;
      }
      if (failure == null) {
        // Anything, an Error too: this thread must go on recycling buffers, or the writer
        // would wait for one forever.
        try {
          sha256.update(chunk.bytes(), 0, chunk.length());
          out.write(chunk.bytes(), 0, chunk.length());
        } catch (Throwable e) {
          failure = e instanceof IOException io ? io
              : new IOException("trace writer thread failed", e);
        }
      }
      free.add(chunk.bytes());
    }
  }
}
