package dev.labyrinth.emulator.mm;

import java.util.function.IntFunction;

/**
 * Remembers the text of recently formatted flag masks, so that a traced run does not rebuild
 * {@code GFP_ATOMIC|__GFP_NOWARN} with a {@code StringBuilder} for every allocation. A run uses a
 * handful of distinct masks; they fill a small direct-mapped table and are formatted once.
 *
 * <p>The text is always what the formatting function returns for the mask, hit or miss, so this
 * changes speed only. The table is shared by every run in the JVM (sweeps run in parallel): each
 * slot holds an immutable entry whose final fields make it safe to publish through a plain array
 * write, so a racing reader sees a whole entry, old or new, never a torn one.
 */
final class FlagNames {
  private static final int SLOTS = 256;

  private record Entry(int mask, String text) {}

  private final Entry[] slots = new Entry[SLOTS];
  private final IntFunction<String> format;

  FlagNames(IntFunction<String> format) {
    this.format = format;
  }

  /** {@code format.apply(mask)}, from the table when this mask was formatted recently. */
  String of(int mask) {
    int slot = (mask * 0x9E3779B9) >>> 24; // Fibonacci hashing to 8 bits
    Entry entry = slots[slot];
    if (entry != null && entry.mask() == mask) {
      return entry.text();
    }
    String text = format.apply(mask);
    slots[slot] = new Entry(mask, text);
    return text;
  }
}
