package dev.labyrinth.emulator.trace;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableList;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The byte-buffer writer against the reference encoding (StringBuilder, {@link JsonText}, UTF-8
 * per line): random records with extreme longs, escapes, non-ASCII, lone surrogates and strings
 * longer than a chunk must give the same bytes, byte count and fingerprint. Half the strings come
 * from a pool of 700 that recur (the same instances, equal copies, lengths around the writer's
 * cache limit, more than its slots), so cached and uncached encodings are both compared.
 */
class CanonicalTraceWriterBytesTest {

  private static final String SHA = "cd".repeat(32);
  private static final long[] EXTREMES = {0, -1, 9, 10, -10, 99, 100, 999_999_999_999_999_999L,
      1_000_000_000_000_000_000L, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1};

  static LongStream seeds() {
    return LongStream.rangeClosed(1, 25);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void sameBytesAsTheReferenceEncoding(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    String[] pool = new String[700];
    for (int i = 0; i < pool.length; i++) {
      pool[i] = i > 0 && random.nextInt(8) == 0
          ? new String(pool[random.nextInt(i)]) // equal text, another instance
          : freshString(random, random.nextInt(4) == 0 ? 60 + random.nextInt(8) : random.nextInt(24));
    }
    TraceHeader header = new TraceHeader("s\u00e9", SHA, seed, ImmutableList.of("a=b"));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CanonicalTraceWriter writer = new CanonicalTraceWriter(bytes, header);
    StringBuilder reference = new StringBuilder(header.toJson()).append('\n');
    int records = 1 + random.nextInt(3000);
    for (int r = 0; r < records; r++) {
      long t = randomLong(random);
      String ev = randomString(random, pool);
      dev.labyrinth.emulator.sim.Tracer.Record record = writer.begin(ev, t);
      reference.append("{\"t\":").append(t).append(",\"ev\":");
      JsonText.appendQuoted(reference, ev);
      int fields = random.nextInt(6);
      for (int f = 0; f < fields; f++) {
        String key = randomString(random, pool);
        reference.append(',');
        JsonText.appendQuoted(reference, key);
        reference.append(':');
        if (random.nextBoolean()) {
          long value = randomLong(random);
          record.put(key, value);
          reference.append(value);
        } else {
          String value = randomString(random, pool);
          record.put(key, value);
          JsonText.appendQuoted(reference, value);
        }
      }
      record.end();
      reference.append("}\n");
    }
    String fingerprint = writer.finish();
    byte[] expected = reference.toString().getBytes(StandardCharsets.UTF_8);
    assertThat(bytes.toByteArray()).isEqualTo(expected);
    assertThat(writer.byteCount()).isEqualTo(expected.length);
    assertThat(writer.recordCount()).isEqualTo(records);
    assertThat(fingerprint).isEqualTo("sha256:" + Fingerprint.sha256Hex(expected));
  }

  private static long randomLong(SplittableRandom random) {
    return switch (random.nextInt(3)) {
      case 0 -> EXTREMES[random.nextInt(EXTREMES.length)];
      case 1 -> random.nextLong();
      default -> random.nextLong(-1000, 1_000_000_000_000L);
    };
  }

  private static String randomString(SplittableRandom random, String[] pool) {
    if (random.nextBoolean()) {
      return pool[random.nextInt(pool.length)];
    }
    int length = random.nextInt(50) == 0 ? 70_000 + random.nextInt(1000) : random.nextInt(24);
    return freshString(random, length);
  }

  private static String freshString(SplittableRandom random, int length) {
    boolean plain = random.nextInt(4) != 0;
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      if (plain) {
        s.append((char) ('a' + random.nextInt(26)));
      } else {
        char[] specials = {'"', '\\', '\n', '\t', '\r', 1, 0x7f, '\u2028', '\u2029', '\u00e9',
            '\u4e2d', '\ud83d', '\ude00', 'x', ' ', '/'};
        s.append(specials[random.nextInt(specials.length)]);
      }
    }
    return s.toString();
  }
}
