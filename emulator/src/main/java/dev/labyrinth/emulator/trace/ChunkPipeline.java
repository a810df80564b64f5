package dev.labyrinth.emulator.trace;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Hashes and writes the trace writer's full chunks on a background thread, one chunk after the
 * other in the order they were handed over, while the run goes on formatting the next one.
 * Hashing (SHA-256) and the write system call cost about as much as emulating and formatting, so
 * on a machine with a spare core a traced run gets close to the speed of an untraced one.
 *
 * <p>The bytes and their order are exactly those the writer produced: chunk k's task starts only
 * when chunk k-1's has finished, so the digest and the file are the same as when written in line.
 * At most {@value #IN_FLIGHT} chunks are in flight; a full pipeline makes the writer wait, so
 * memory stays bounded however slow the disk. A failure (an {@link IOException} from the stream)
 * skips every later chunk and is rethrown to the writer by the next hand-over or by {@link
 * #awaitAll}.
 *
 * <p>The threads belong to a small shared pool of daemon threads that exit when idle, so a
 * writer that is never closed leaves nothing running.
 */
final class ChunkPipeline {
  private static final int IN_FLIGHT = 4;
  private static final ExecutorService POOL = newPool();

  private final OutputStream out;
  private final MessageDigest sha256;
  /** The tasks not yet known to be finished, oldest first; each returns its chunk for reuse. */
  private final ArrayDeque<CompletableFuture<byte[]>> inFlight = new ArrayDeque<>();
  private CompletableFuture<byte[]> last = CompletableFuture.completedFuture(null);

  ChunkPipeline(OutputStream out, MessageDigest sha256) {
    this.out = out;
    this.sha256 = sha256;
  }

  /**
   * Hands over bytes {@code [0, length)} of {@code chunk}, which the caller must not touch again,
   * and returns an array of the same length to fill next (a recycled chunk when one is free).
   */
  byte[] submit(byte[] chunk, int length) {
    last = last.thenApplyAsync(previous -> {
      sha256.update(chunk, 0, length);
      try {
        out.write(chunk, 0, length);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return chunk;
    }, POOL);
    inFlight.addLast(last);
    if (inFlight.size() < IN_FLIGHT) {
      return new byte[chunk.length];
    }
    byte[] recycled = join(inFlight.removeFirst());
    return recycled.length == chunk.length ? recycled : new byte[chunk.length];
  }

  /** Waits until every chunk handed over is hashed and written; rethrows a failure. */
  void awaitAll() {
    join(last);
    inFlight.clear();
  }

  private static byte[] join(CompletableFuture<byte[]> task) {
    try {
      return task.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      if (e.getCause() instanceof Error cause) {
        throw cause;
      }
      throw e;
    }
  }

  private static ExecutorService newPool() {
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 2, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), task -> {
          Thread thread = new Thread(task, "labyrinth-trace-writer");
          thread.setDaemon(true);
          return thread;
        });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }
}
