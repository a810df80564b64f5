package dev.labyrinth.emulator.trace;

import static com.google.common.base.Preconditions.checkState;

import dev.labyrinth.emulator.sim.Tracer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Writes the canonical trace: JSON Lines, UTF-8, {@code \n} after every line, keys in the order
 * they are put, integers and strings only. The format is specified in {@code docs/trace-format.md}.
 *
 * <p>Every record starts with {@code "t"} (emulated nanoseconds) and {@code "ev"} (the event
 * name), so a trace sorts and greps the same way everywhere. The writer hashes the bytes as it
 * writes them, so the run's fingerprint costs no second pass over the file.
 *
 * <p>Not thread-safe: one run, one thread, one writer.
 */
public final class CanonicalTraceWriter implements Tracer, AutoCloseable {

  private static final int FLUSH_BYTES = 1 << 16;

  private final OutputStream out;
  private final MessageDigest sha256;
  private final StringBuilder line = new StringBuilder(256);
  private final RecordBuilder record = new RecordBuilder();
  private byte[] pending = new byte[FLUSH_BYTES + 4096];
  private int pendingBytes;
  private long recordCount;
  private long byteCount;
  private boolean inRecord;
  private boolean closed;

  /** Starts a trace on {@code out} with its header line; the caller keeps ownership of nothing. */
  public CanonicalTraceWriter(OutputStream out, TraceHeader header) {
    this.out = out;
    this.sha256 = newSha256();
    line.append(header.toJson());
    emitLine();
  }

  @Override
  public boolean enabled() {
    return true;
  }

  @Override
  public Record begin(String event, long timeNs) {
    checkState(!inRecord, "previous record was not ended");
    checkState(!closed, "trace writer is closed");
    inRecord = true;
    line.append("{\"t\":").append(timeNs).append(",\"ev\":");
    JsonText.appendQuoted(line, event);
    return record;
  }

  /** Records written so far, not counting the header. */
  public long recordCount() {
    return recordCount;
  }

  /** Bytes written so far, header included. */
  public long byteCount() {
    return byteCount;
  }

  /**
   * Flushes, closes the stream and returns the fingerprint: {@code sha256:} and the lowercase hex
   * SHA-256 of every byte written.
   */
  public String finish() {
    close();
    return Fingerprint.format(sha256.digest());
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      flushPending();
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void emitLine() {
    line.append('\n');
    byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
    line.setLength(0);
    sha256.update(bytes);
    byteCount += bytes.length;
    if (pendingBytes + bytes.length > pending.length) {
      flushPending();
      if (bytes.length > pending.length) {
        pending = new byte[bytes.length];
      }
    }
    System.arraycopy(bytes, 0, pending, pendingBytes, bytes.length);
    pendingBytes += bytes.length;
    if (pendingBytes >= FLUSH_BYTES) {
      flushPending();
    }
  }

  private void flushPending() {
    try {
      out.write(pending, 0, pendingBytes);
      pendingBytes = 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
  }

  /** The single reusable record builder; valid between begin() and end(). */
  private final class RecordBuilder implements Record {
    @Override
    public Record put(String key, long value) {
      checkState(inRecord, "put() outside a record");
      line.append(',');
      JsonText.appendQuoted(line, key);
      line.append(':').append(value);
      return this;
    }

    @Override
    public Record put(String key, String value) {
      checkState(inRecord, "put() outside a record");
      line.append(',');
      JsonText.appendQuoted(line, key);
      line.append(':');
      JsonText.appendQuoted(line, value);
      return this;
    }

    @Override
    public void end() {
      checkState(inRecord, "end() outside a record");
      line.append('}');
      inRecord = false;
      recordCount++;
      emitLine();
    }
  }
}
