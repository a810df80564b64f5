package dev.labyrinth.reports.export;

import java.util.Locale;

/**
 * Stands in for the {@code struct page *} that Linux prints as {@code page=%p}. Tracefs hashes
 * pointers by default (the hash-ptr option), printing 16 hex digits whose top eight are zero; the
 * emulator has no pointers, so this prints the same shape from a fixed 32-bit mix of the pfn: the
 * same page always prints the same value, different pages almost always differ, and a failed
 * allocation prints NULL as {@code 0000000000000000}, like Linux.
 */
final class FtracePointers {

  private FtracePointers() {}

  static String page(long pfn) {
    if (pfn < 0) {
      return "0000000000000000";
    }
    long z = pfn + 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z = z ^ (z >>> 31);
    return String.format(Locale.ROOT, "00000000%08x", z & 0xFFFF_FFFFL);
  }
}
