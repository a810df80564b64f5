package dev.labyrinth.emulator.trace;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableList;
import dev.labyrinth.emulator.sim.Tracer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The writer's learned record shapes (a field name matched by identity against the last records
 * of the same event, its bytes copied; the last string value at that field reused) against the
 * reference encoding: records of one event name whose shape changes from record to record (a
 * field missing, an extra one, another order, a key or value equal to the usual one but another
 * instance, keys and values that need escaping, values that change), each shape repeated often
 * enough to be learned, and enough distinct events and keys to reach the writer's limits on
 * shapes. Any record written from a stale or wrong shape shows up as different bytes.
 */
class CanonicalTraceWriterShapesTest {

  private static final String SHA = "ef".repeat(32);

  static LongStream seeds() {
    return LongStream.rangeClosed(1, 10);
  }

  /** One event name, its usual keys and values, and variations of them. */
  @ParameterizedTest
  @MethodSource("seeds")
  void shapesThatChangeBetweenRecordsOfOneEvent(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    String[] events = {"mm_page_alloc", "irq_handler_entry", "ev\"quoted\u00e9"};
    String[] keys = {"cpu", "ctx", "comm", "pid", "pfn", "order", "zone", "key\\with\nescapes",
        "cl\u00e9", "reserve"};
    String[] values = {"hardirq", "softirq", "task", "swapper/0", "DMA32", "Normal",
        "needs \"quotes\"", "tab\there", "\u4e2d\u6587", "line\u2028sep", ""};
    Reference out = new Reference(seed);
    for (int r = 0; r < 20_000; r++) {
      String event = pick(random, events);
      if (random.nextInt(50) == 0) {
        event = new String(event); // equal text, another instance
      }
      Tracer.Record record = out.begin(event, random.nextLong(0, 1L << 40));
      // Mostly the usual order of a prefix of the keys; sometimes one skipped, one repeated,
      // two swapped or an equal copy of a key.
      int fields = random.nextInt(keys.length + 1);
      int swap = random.nextInt(8) == 0 ? random.nextInt(keys.length) : -1;
      for (int f = 0; f < fields; f++) {
        int index = f;
        if (f == swap && f + 1 < fields) {
          index = f + 1;
        } else if (swap >= 0 && f == swap + 1) {
          index = swap;
        }
        if (random.nextInt(20) == 0) {
          continue;
        }
        String key = keys[index];
        if (random.nextInt(30) == 0) {
          key = new String(key);
        }
        if (random.nextInt(25) == 0) {
          out.put(record, pick(random, keys), random.nextLong()); // an extra field
        }
        if (random.nextBoolean()) {
          out.put(record, key, random.nextInt(4) == 0 ? random.nextLong() : random.nextInt(100));
        } else {
          // The same value as last time, usually; sometimes another or an equal copy.
          String value = values[index % values.length];
          switch (random.nextInt(10)) {
            case 0 -> value = pick(random, values);
            case 1 -> value = new String(value);
            case 2 -> value = value + r;
            default -> { }
          }
          out.put(record, key, value);
        }
      }
      out.end(record);
    }
    out.check();
  }

  /**
   * More events than the writer has slots, more keys at one position than it keeps, and more
   * steps than its limit: past the limits records take the plain path, with the same bytes.
   */
  @ParameterizedTest
  @MethodSource("seeds")
  void manyEventsAndKeysBeyondTheLimits(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    String[] events = new String[600];
    for (int i = 0; i < events.length; i++) {
      events[i] = "event_" + i;
    }
    String[] keys = new String[300];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = (i % 7 == 0 ? "k\"" : "k") + i;
    }
    String[] values = {"a", "b\\", "c\u00e9"};
    Reference out = new Reference(seed);
    for (int r = 0; r < 40_000; r++) {
      Tracer.Record record = out.begin(events[random.nextInt(r % 1000 < 500 ? 20 : 600)], r);
      int fields = 1 + random.nextInt(6);
      for (int f = 0; f < fields; f++) {
        String key = keys[random.nextInt(r % 1000 < 500 ? 10 : 300)];
        if (random.nextBoolean()) {
          out.put(record, key, random.nextLong(-1000, 1000));
        } else {
          out.put(record, key, pick(random, values));
        }
      }
      out.end(record);
    }
    out.check();
  }

  private static String pick(SplittableRandom random, String[] strings) {
    return strings[random.nextInt(strings.length)];
  }

  /** The writer and, beside it, the reference encoding of the same records. */
  private static final class Reference {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final CanonicalTraceWriter writer;
    final StringBuilder text;
    int records;

    Reference(long seed) {
      TraceHeader header = new TraceHeader("shapes", SHA, seed, ImmutableList.of());
      writer = new CanonicalTraceWriter(bytes, header);
      text = new StringBuilder(header.toJson()).append('\n');
    }

    Tracer.Record begin(String event, long t) {
      text.append("{\"t\":").append(t).append(",\"ev\":");
      JsonText.appendQuoted(text, event);
      return writer.begin(event, t);
    }

    void put(Tracer.Record record, String key, long value) {
      key(key);
      text.append(value);
      assertThat(record.put(key, value)).isSameAs(record);
    }

    void put(Tracer.Record record, String key, String value) {
      key(key);
      JsonText.appendQuoted(text, value);
      assertThat(record.put(key, value)).isSameAs(record);
    }

    private void key(String key) {
      text.append(',');
      JsonText.appendQuoted(text, key);
      text.append(':');
    }

    void end(Tracer.Record record) {
      record.end();
      text.append("}\n");
      records++;
    }

    void check() {
      String fingerprint = writer.finish();
      byte[] expected = text.toString().getBytes(StandardCharsets.UTF_8);
      assertThat(new String(bytes.toByteArray(), StandardCharsets.UTF_8))
          .isEqualTo(text.toString());
      assertThat(bytes.toByteArray()).isEqualTo(expected);
      assertThat(writer.recordCount()).isEqualTo(records);
      assertThat(fingerprint).isEqualTo("sha256:" + Fingerprint.sha256Hex(expected));
    }
  }
}
