package dev.labyrinth.emulator.trace;

import static com.google.common.base.Preconditions.checkState;

import dev.labyrinth.emulator.sim.Tracer;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes the canonical trace: JSON Lines, UTF-8, {@code \n} after every line, keys in the order
 * they are put, integers and strings only. The format is specified in {@code docs/trace-format.md}.
 *
 * <p>Every record starts with {@code "t"} (emulated nanoseconds) and {@code "ev"} (the event
 * name), so a trace sorts and greps the same way everywhere. The writer hashes the bytes as it
 * writes them, so the run's fingerprint costs no second pass over the file.
 *
 * <p>Records are written as ASCII straight into a byte buffer (digits by hand; field names and
 * short strings as bytes encoded once and cached by {@link EncodedStrings}; long plain ASCII
 * strings byte by byte; a long string that needs escaping or holds non-ASCII text goes through
 * {@link JsonText} and UTF-8 encoding), and the digest is updated once per flushed 64 KiB chunk,
 * so a record costs no {@code String} and no per-line copy. The writer also learns each event's
 * record shapes (its field names in order, the very {@code String} instances, with their cached
 * bytes), so a field of a known shape costs an identity comparison and one copy instead of a cache
 * look-up per string; a record that leaves its shapes is written as without them. The bytes are
 * exactly those of {@link JsonText}'s escaping followed by UTF-8 encoding. Full chunks go to a {@link ChunkSink}, which
 * hashes and writes them on this thread ({@link #CanonicalTraceWriter(OutputStream, TraceHeader)})
 * or on a second one ({@link #pipelined}); the bytes and the fingerprint are the same.
 *
 * <p>Not thread-safe: one run, one thread, one writer.
 */
public final class CanonicalTraceWriter implements Tracer, AutoCloseable {

  private static final int FLUSH_BYTES = 1 << 16;
  /** Room for the fixed parts of one field: a long's 20 characters and the punctuation. */
  private static final int FIELD_SLACK = 32;
  /** Room for a long in decimal: 19 digits and a sign. */
  private static final int LONG_ROOM = 20;
  private static final byte[] DIGIT_PAIRS = digitPairs();
  /** {@code 10^n - 1} for n in 0..19, the last standing in for 10^19 - 1, which no long exceeds. */
  private static final long[] POWERS_OF_TEN_MINUS_ONE = powersOfTenMinusOne();
  private static final byte[] RECORD_START = {'{', '"', 't', '"', ':'};
  private static final byte[] EVENT_KEY = {',', '"', 'e', 'v', '"', ':'};
  /** Slots of {@link #shapes}, by the event name's hash code; a power of two. */
  private static final int SHAPE_SLOTS = 256;
  /**
   * At most this many steps in all, and this many keys at one position (events in one slot), so
   * a model that builds key strings afresh, or puts ever new keys, grows no unbounded tree and no
   * long scan: past the limit its records simply take the plain path.
   */
  private static final int MAX_SHAPE_STEPS = 1 << 14;
  private static final int MAX_ALTERNATIVES = 8;
  /** String values a step keeps besides its last one, for fields whose value alternates. */
  private static final int EARLIER_VALUES = 3;

  private final ChunkSink sink;
  private final RecordBuilder record = new RecordBuilder();
  private final StringBuilder escaped = new StringBuilder(64);
  /** Field names as {@code ,"name":}. */
  private final EncodedStrings fieldNames = new EncodedStrings(",", ":");
  /** String values as {@code "value"}. */
  private final EncodedStrings values = new EncodedStrings("", "");
  /** Event names as {@code ,"ev":"name"}, for the roots of {@link #shapes}. */
  private final EncodedStrings eventNames = new EncodedStrings(",\"ev\":", "");
  /** The record shapes learned so far: chains of roots, one chain per slot. */
  private final Shape[] shapes = new Shape[SHAPE_SLOTS];
  private int shapeSteps;
  /** The step of the current record's last field (its root after begin), null off the shapes. */
  private Shape cursor;
  private byte[] buffer = new byte[FLUSH_BYTES + 4096];
  private int position;
  private long recordCount;
  private long byteCount;
  private boolean inRecord;
  private boolean closed;
  /** Why closing failed, if it did; {@link #finish} then has no fingerprint to give. */
  private UncheckedIOException failure;
  /** The SHA-256 of every byte, once closed without failure. */
  private byte[] digest;

  /**
   * Starts a trace on {@code out} with its header line, hashing and writing on the caller's
   * thread; the caller keeps ownership of nothing.
   */
  public CanonicalTraceWriter(OutputStream out, TraceHeader header) {
    this(new InlineChunkSink(out), header);
  }

  private CanonicalTraceWriter(ChunkSink sink, TraceHeader header) {
    this.sink = sink;
    writeBytes((header.toJson() + "\n").getBytes(StandardCharsets.UTF_8));
  }

  /**
   * As the constructor, but hashing and writing on a second thread while this one formats the
   * next chunk ({@link PipelinedChunkSink}): for a run whose trace goes to a file, where SHA-256
   * and the writes would otherwise cost the emulator's thread about a third of its time. Same
   * bytes, same fingerprint. {@link #finish} or {@link #close} ends the thread.
   */
  public static CanonicalTraceWriter pipelined(OutputStream out, TraceHeader header) {
    return new CanonicalTraceWriter(new PipelinedChunkSink(out, FLUSH_BYTES + 4096), header);
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
    ensureRoom(FIELD_SLACK);
    copySmall(RECORD_START);
    writeLong(timeNs);
    Shape root = shapes[event.hashCode() & (SHAPE_SLOTS - 1)];
    while (root != null && root.key != event) {
      root = root.sibling;
    }
    if (root == null) {
      root = learnRoot(event);
    } else {
      writeBytes(root.bytes);
    }
    cursor = root;
    return record;
  }

  /**
   * Writes {@code ,"ev":"name"} for an event with no shape yet, and starts its shape once the
   * name's bytes are cached (the name has recurred); null, and the plain path, until then.
   */
  private Shape learnRoot(String event) {
    byte[] cached = eventNames.bytes(event);
    if (cached == null) {
      ensureRoom(EVENT_KEY.length);
      copySmall(EVENT_KEY);
      writeQuoted(event);
      return null;
    }
    writeBytes(cached);
    int slot = event.hashCode() & (SHAPE_SLOTS - 1);
    if (shapeSteps >= MAX_SHAPE_STEPS || alternatives(shapes[slot]) >= MAX_ALTERNATIVES) {
      return null;
    }
    Shape root = new Shape(event, cached);
    root.sibling = shapes[slot];
    shapes[slot] = root;
    shapeSteps++;
    return root;
  }

  /**
   * Advances the record along its shape to the step after the cursor whose key is this very
   * {@code String}; null, writing nothing and leaving the cursor, when there is none.
   */
  private Shape follow(String key) {
    Shape at = cursor;
    if (at != null) {
      for (Shape next = at.next; next != null; next = next.sibling) {
        if (next.key == key) {
          cursor = next;
          return next;
        }
      }
    }
    return null;
  }

  /**
   * Writes {@code ,"key":} for a key {@link #follow} did not find: from the cache when it holds
   * the bytes, learning a new step after the cursor with them (they are the bytes this very
   * instance always gets, so a record's bytes never depend on the path that wrote them), else by
   * escaping, and then the record leaves the shapes until its end.
   */
  private void writeKeyOffShape(String key) {
    Shape at = cursor;
    cursor = null;
    byte[] cached = fieldNames.bytes(key);
    if (cached == null) {
      ensureRoom(1);
      buffer[position++] = ',';
      writeQuoted(key);
      ensureRoom(1);
      buffer[position++] = ':';
      return;
    }
    writeBytes(cached);
    if (at == null || shapeSteps >= MAX_SHAPE_STEPS || alternatives(at.next) >= MAX_ALTERNATIVES) {
      return;
    }
    Shape next = new Shape(key, cached);
    next.sibling = at.next;
    at.next = next;
    shapeSteps++;
    cursor = next;
  }

  private static int alternatives(Shape first) {
    int n = 0;
    for (Shape s = first; s != null; s = s.sibling) {
      n++;
    }
    return n;
  }

  /** Records written so far, not counting the header. */
  public long recordCount() {
    return recordCount;
  }

  /** Bytes written so far, header included. */
  public long byteCount() {
    return byteCount + position;
  }

  /**
   * Flushes, closes the stream and returns the fingerprint: {@code sha256:} and the lowercase hex
   * SHA-256 of every byte written.
   */
  public String finish() {
    close();
    if (failure != null) {
      throw failure; // no fingerprint for bytes that did not all reach the stream
    }
    return Fingerprint.format(digest);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      flushBuffer();
    } catch (UncheckedIOException e) {
      failure = e;
      try {
        sink.close(); // still close the stream (and end a pipeline's thread)
      } catch (UncheckedIOException suppressed) {
        if (suppressed != e) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
    try {
      digest = sink.close();
    } catch (UncheckedIOException e) {
      failure = e;
      throw e;
    }
  }

  // ---- Bytes into the buffer. ----

  /** Makes room for {@code bytes} more bytes, flushing (and if need be growing) the buffer. */
  private void ensureRoom(int bytes) {
    if (position + bytes > buffer.length) {
      flushBuffer();
      if (bytes > buffer.length) {
        buffer = new byte[bytes];
      }
    }
  }

  /** Writes a constant of ASCII characters that need no escaping; the caller made room. */
  private void writeAscii(String ascii) {
    int n = ascii.length();
    byte[] b = buffer;
    int p = position;
    for (int i = 0; i < n; i++) {
      b[p++] = (byte) ascii.charAt(i);
    }
    position = p;
  }

  /** Writes {@code value} in decimal, as {@code StringBuilder.append(long)} does; room made. */
  private void writeLong(long value) {
    if (value >= 0 && value < 10) {
      buffer[position++] = (byte) ('0' + value); // the commonest: CPUs, pids, orders, flags
      return;
    }
    if (value == Long.MIN_VALUE) {
      writeAscii("-9223372036854775808");
      return;
    }
    byte[] b = buffer;
    int p = position;
    if (value < 0) {
      b[p++] = '-';
      value = -value;
    }
    // The digit count from the bit length: floor(log10(2) * (bits - 1)) + 1 digits, or one more.
    // 1233 / 4096 is log10(2) closely enough for every bit length of a long.
    int bits = 64 - Long.numberOfLeadingZeros(value | 1);
    int digits = ((bits - 1) * 1233 >>> 12) + 1;
    if (value > POWERS_OF_TEN_MINUS_ONE[digits]) {
      digits++;
    }
    int end = p + digits;
    // Two digits per division, from the right; in int arithmetic once the rest fits an int.
    int i = end;
    while (value > Integer.MAX_VALUE) {
      long quotient = value / 100;
      int pair = 2 * (int) (value - quotient * 100);
      b[--i] = DIGIT_PAIRS[pair + 1];
      b[--i] = DIGIT_PAIRS[pair];
      value = quotient;
    }
    int rest = (int) value;
    while (rest >= 100) {
      int quotient = rest / 100;
      int pair = 2 * (rest - quotient * 100);
      b[--i] = DIGIT_PAIRS[pair + 1];
      b[--i] = DIGIT_PAIRS[pair];
      rest = quotient;
    }
    if (rest >= 10) {
      int pair = 2 * rest;
      b[--i] = DIGIT_PAIRS[pair + 1];
      b[--i] = DIGIT_PAIRS[pair];
    } else {
      b[--i] = (byte) ('0' + rest);
    }
    position = end;
  }

  private static long[] powersOfTenMinusOne() {
    long[] powers = new long[20];
    long power = 1;
    for (int n = 0; n < 19; n++) {
      powers[n] = power - 1;
      power *= 10;
    }
    powers[19] = Long.MAX_VALUE;
    return powers;
  }

  /** "00" to "99" as ASCII bytes, two per number. */
  private static byte[] digitPairs() {
    byte[] pairs = new byte[200];
    for (int n = 0; n < 100; n++) {
      pairs[2 * n] = (byte) ('0' + n / 10);
      pairs[2 * n + 1] = (byte) ('0' + n % 10);
    }
    return pairs;
  }

  /** Writes {@code value} quoted; returns its cached bytes, or null if the cache had none. */
  private byte[] writeValue(String value) {
    byte[] cached = values.bytes(value);
    if (cached == null) {
      writeQuoted(value);
    } else {
      writeBytes(cached);
    }
    return cached;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  /**
   * Writes {@code value} quoted: byte by byte when every character is printable ASCII other than
   * {@code "} and {@code \}, else through {@link JsonText} and UTF-8.
   */
  private void writeQuoted(String value) {
    int n = value.length();
    ensureRoom(n + 2);
    byte[] b = buffer;
    int p = position;
    b[p++] = '"';
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
        writeEscaped(value);
        return;
      }
      b[p++] = (byte) c;
    }
    b[p++] = '"';
    position = p;
  }

  /** The slow path of {@link #writeQuoted}; the bytes written so far for it are discarded. */
  private void writeEscaped(String value) {
    escaped.setLength(0);
    JsonText.appendQuoted(escaped, value);
    writeBytes(escaped.toString().getBytes(StandardCharsets.UTF_8));
  }

  private void writeBytes(byte[] bytes) {
    ensureRoom(bytes.length);
    copy(bytes);
  }

  /** Copies {@code bytes}; the caller made room. */
  private void copy(byte[] bytes) {
    System.arraycopy(bytes, 0, buffer, position, bytes.length);
    position += bytes.length;
  }

  /** Copies a few constant bytes; the caller made room. */
  private void copySmall(byte[] bytes) {
    byte[] b = buffer;
    int p = position;
    for (byte c : bytes) {
      b[p++] = c;
    }
    position = p;
  }

  /** Ends a line; flushes a full chunk. */
  private void endLine() {
    ensureRoom(2);
    buffer[position++] = '}';
    buffer[position++] = '\n';
    if (position >= FLUSH_BYTES) {
      flushBuffer();
    }
  }

  /** Hands the buffered bytes to the sink, to be hashed and written, and takes the next buffer. */
  private void flushBuffer() {
    if (position == 0) {
      return;
    }
    byte[] next = sink.accept(buffer, position);
    byteCount += position;
    position = 0;
    buffer = next;
  }

  /** The single reusable record builder; valid between begin() and end(). */
  private final class RecordBuilder implements Record {
    @Override
    public Record put(String key, long value) {
      checkState(inRecord, "put() outside a record");
      Shape step = follow(key);
      if (step == null) {
        writeKeyOffShape(key);
        ensureRoom(LONG_ROOM);
      } else {
        byte[] name = step.bytes;
        ensureRoom(name.length + LONG_ROOM);
        copy(name);
      }
      writeLong(value);
      return this;
    }

    @Override
    public Record put(String key, String value) {
      checkState(inRecord, "put() outside a record");
      Shape step = follow(key);
      if (step == null) {
        writeKeyOffShape(key);
        writeValue(value);
      } else if (step.value == value) {
        writeBytes(step.field); // the commonest case by far: the same value as last time
      } else if (step.recall(value)) {
        writeBytes(step.field); // a value that alternates with others here (a CPU's context)
      } else {
        writeBytes(step.bytes);
        byte[] cached = writeValue(value);
        if (cached != null) {
          // The next record of this shape most likely puts this very value here again.
          step.remember(value, concat(step.bytes, cached));
        }
      }
      return this;
    }

    @Override
    public void end() {
      checkState(inRecord, "end() outside a record");
      inRecord = false;
      recordCount++;
      endLine();
    }
  }

  /**
   * One step of a learned record shape. A root is an event name (this very {@code String}) with
   * the bytes {@code ,"ev":"name"}; every other step is a field name put right after the step
   * before it, with the bytes {@code ,"key":}. The steps after a step are its {@code next} and
   * that one's {@code sibling}s (roots in one slot are siblings too), so an event whose records
   * take several shapes (a context prefix or not, a field put only sometimes) keeps them all and
   * a record of any of them costs an identity comparison per field and a copy. A step also keeps
   * the last string value put at it (this very instance) and {@code field}, the bytes of the step
   * and of that value together: nearly every string field repeats the value it had last time, and
   * most others one of the few before it, which the step keeps too.
   */
  private static final class Shape {
    final String key;
    final byte[] bytes;
    Shape next;
    Shape sibling;
    String value;
    byte[] field;

    /** Values put here before the last one, with their fields; null until a value changes. */
    private String[] earlierValues;
    private byte[][] earlierFields;
    private int nextEarlier;

    Shape(String key, byte[] bytes) {
      this.key = key;
      this.bytes = bytes;
    }

    /** Makes {@code candidate} the value, if it is one of the earlier ones; false if not. */
    boolean recall(String candidate) {
      String[] earlier = earlierValues;
      if (earlier != null) {
        for (int i = 0; i < EARLIER_VALUES; i++) {
          if (earlier[i] == candidate) {
            earlier[i] = value;
            byte[] swapped = earlierFields[i];
            earlierFields[i] = field;
            value = candidate;
            field = swapped;
            return true;
          }
        }
      }
      return false;
    }

    /** Makes {@code newValue} the value, keeping the one it replaces among the earlier ones. */
    void remember(String newValue, byte[] newField) {
      if (value != null) {
        if (earlierValues == null) {
          earlierValues = new String[EARLIER_VALUES];
          earlierFields = new byte[EARLIER_VALUES][];
        }
        earlierValues[nextEarlier] = value;
        earlierFields[nextEarlier] = field;
        nextEarlier = (nextEarlier + 1) % EARLIER_VALUES;
      }
      value = newValue;
      field = newField;
    }
  }
}
