package dev.labyrinth.emulator.sim;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import java.nio.charset.StandardCharsets;
import java.util.TreeMap;

/**
 * Hands each component its own named {@link RandomStream}, derived from the run's root seed.
 *
 * <p>A stream's seed depends only on the root seed and the stream's name: {@code
 * SplitMix64.mix64(SplitMix64.mix64(rootSeed) ^ SplitMix64.mix64(stableHash64(name)))}. So adding
 * a device, or asking for streams in a different order, never shifts the numbers another
 * component sees; sequential sub-seeding (draw seed after seed from one generator) would.
 *
 * <p>One component, one stream: asking twice for the same name returns the same stream object,
 * so two components that share a name share one sequence of draws rather than silently drawing
 * identical numbers.
 */
public final class RandomStreams {
  /** FNV-1a 64 offset basis, from the FNV specification (draft-eastlake-fnv). */
  private static final long FNV_OFFSET_BASIS = 0xCBF29CE484222325L;
  /** FNV-1a 64 prime, 2^40 + 2^8 + 0xB3, from the same specification. */
  private static final long FNV_PRIME = 0x100000001B3L;

  private final long rootSeed;
  /** Sorted by name so that listing the streams is deterministic. */
  private final TreeMap<String, RandomStream> streamsByName = new TreeMap<>();

  /** Creates the streams of a run with {@code rootSeed}. */
  public RandomStreams(long rootSeed) {
    this.rootSeed = rootSeed;
  }

  /** The root seed every stream is derived from. */
  public long rootSeed() {
    return rootSeed;
  }

  /**
   * Returns the stream named {@code componentName}, creating it on first use. Names are compared
   * exactly (case and Unicode as given); use stable identifiers such as {@code "device/nic0"}.
   */
  public RandomStream stream(String componentName) {
    checkNotNull(componentName, "componentName");
    checkArgument(!componentName.isEmpty(), "componentName must not be empty");
    RandomStream stream = streamsByName.get(componentName);
    if (stream == null) {
      stream = new RandomStream(streamSeed(rootSeed, componentName));
      streamsByName.put(componentName, stream);
    }
    return stream;
  }

  /** The names of the streams handed out so far, in sorted order, for diagnostics. */
  public ImmutableList<String> streamNames() {
    return ImmutableList.copyOf(streamsByName.keySet());
  }

  /**
   * The seed of the stream named {@code componentName} under {@code rootSeed}. Both inputs pass
   * through the SplitMix64 finaliser first so that nearby root seeds and similar names do not
   * produce related seeds; the finaliser is a bijection, so distinct names under one root seed
   * give distinct seeds whenever their hashes differ.
   */
  static long streamSeed(long rootSeed, String componentName) {
    return SplitMix64.mix64(
        SplitMix64.mix64(rootSeed) ^ SplitMix64.mix64(stableHash64(componentName)));
  }

  /**
   * A 64-bit hash of {@code s} that is the same on every JVM and machine: FNV-1a 64 over the
   * string's UTF-8 bytes. Unlike {@link String#hashCode()} it is 64 bits wide and does not depend
   * on UTF-16 code units; a test pins it against the published FNV test vectors.
   */
  public static long stableHash64(String s) {
    checkNotNull(s, "s");
    long hash = FNV_OFFSET_BASIS;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xFF;
      hash *= FNV_PRIME;
    }
    return hash;
  }
}
