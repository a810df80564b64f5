package dev.labyrinth.emulator.machine;

import java.util.ArrayDeque;

/** Blocks a task or device allocated and keeps for a later free step, oldest first. */
final class KeptBlocks {
  private final ArrayDeque<long[]> blocks = new ArrayDeque<>();
  private long pages;

  void add(long pfn, int order) {
    blocks.addLast(new long[] {pfn, order});
    pages += 1L << order;
  }

  /** Removes and returns the oldest block as {pfn, order}, or null. */
  long[] pollOldest() {
    long[] b = blocks.pollFirst();
    if (b != null) {
      pages -= 1L << b[1];
    }
    return b;
  }

  /** Pages in all kept blocks: the owner's rss as the OOM killer sees it. */
  long pages() {
    return pages;
  }

  int size() {
    return blocks.size();
  }
}
