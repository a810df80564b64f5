package dev.labyrinth.emulator.machine;

import java.util.ArrayDeque;

/** Blocks a task or device allocated and keeps for a later free step, oldest first. */
final class KeptBlocks {
  private final ArrayDeque<long[]> blocks = new ArrayDeque<>();

  void add(long pfn, int order) {
    blocks.addLast(new long[] {pfn, order});
  }

  /** Removes and returns the oldest block as {pfn, order}, or null. */
  long[] pollOldest() {
    return blocks.pollFirst();
  }

  int size() {
    return blocks.size();
  }
}
