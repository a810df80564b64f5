package dev.labyrinth.emulator.trace;

import java.nio.charset.StandardCharsets;

/**
 * A small direct-mapped cache of the trace bytes of strings the writer sees again and again: the
 * field names and the recurring values (context names, task names, zone names). A trace of a
 * million records repeats a few dozen distinct strings, so encoding each once and copying its
 * bytes afterwards saves checking and converting every character of every field.
 *
 * <p>Entries are looked up by the string's hash code and hit only for the very same {@code
 * String} instance (the field names are literals; the values are held by the model), so a hit
 * costs a load, a comparison and a copy. The cached bytes are exactly what the writer produces
 * for the string without the cache, so the cache changes speed only, never output. Strings longer
 * than {@value #MAX_CACHED_CHARS} characters are not kept.
 */
final class EncodedStrings {
  private static final int SLOTS = 512;
  private static final int MAX_CACHED_CHARS = 64;

  private final String prefix;
  private final String suffix;
  private final String[] strings = new String[SLOTS];
  private final byte[][] encoded = new byte[SLOTS][];

  /** A cache whose entries are {@code prefix}, the quoted string, then {@code suffix} (ASCII). */
  EncodedStrings(String prefix, String suffix) {
    this.prefix = prefix;
    this.suffix = suffix;
  }

  /**
   * The bytes of {@code prefix + quoted(value) + suffix} when {@code value} (this very instance)
   * was seen before, encoding and keeping them on the second sighting; null on the first, when
   * the caller writes the string itself. A string built afresh for every record (a formatted
   * number, say) so costs a hash and two stores, never an encoding it would not reuse.
   */
  byte[] bytes(String value) {
    if (value.length() > MAX_CACHED_CHARS) {
      return null;
    }
    int slot = value.hashCode() & (SLOTS - 1);
    if (strings[slot] != value) {
      strings[slot] = value;
      encoded[slot] = null;
      return null;
    }
    byte[] bytes = encoded[slot];
    if (bytes == null) {
      bytes = encode(value);
      encoded[slot] = bytes;
    }
    return bytes;
  }

  /** Encodes without the cache: the JSON string of {@code value} in UTF-8 between the affixes. */
  byte[] encode(String value) {
    StringBuilder text = new StringBuilder(prefix.length() + value.length() + 8);
    text.append(prefix);
    JsonText.appendQuoted(text, value);
    text.append(suffix);
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }
}
