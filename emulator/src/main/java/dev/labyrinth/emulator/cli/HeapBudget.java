package dev.labyrinth.emulator.cli;

import dev.labyrinth.emulator.scenario.MachineSpec;
import dev.labyrinth.emulator.scenario.ZoneSpec;

/**
 * Refuses, before a run starts, a machine whose page metadata cannot fit in this JVM's heap, so a
 * too-large scenario gets a clear message instead of an OutOfMemoryError halfway through a trace.
 *
 * <p>Page metadata is struct-of-arrays, a few bytes per frame (see the {@code mm} package); the
 * budget below is deliberately generous so the check never refuses a machine that would fit.
 */
final class HeapBudget {

  /** Upper bound of heap bytes per emulated page frame, metadata and per-frame lists included. */
  static final long BYTES_PER_FRAME = 16;

  /** Heap kept free for everything else: the event queue, buffers, the JVM itself. */
  static final long HEADROOM_BYTES = 64L << 20;

  private static final long PAGE_BYTES = 4096;

  private HeapBudget() {}

  /** Frames the machine spans: memory / 4 KiB, or the sum of the zones' spanned pages. */
  static long frames(MachineSpec machine) {
    if (machine.zones().isEmpty()) {
      return machine.memoryBytes() / PAGE_BYTES;
    }
    long frames = 0;
    for (ZoneSpec zone : machine.zones()) {
      frames += zone.spannedPages();
    }
    return frames;
  }

  /** Throws a {@link BadInputException} naming the sizes when the machine cannot fit. */
  static void check(String source, MachineSpec machine, long maxHeapBytes)
      throws BadInputException {
    long frames = frames(machine);
    long neededBytes = frames * BYTES_PER_FRAME + HEADROOM_BYTES;
    if (neededBytes > maxHeapBytes) {
      throw new BadInputException(source + ": machine: " + frames + " page frames need about "
          + (neededBytes >> 20) + " MiB of Java heap, but this JVM has " + (maxHeapBytes >> 20)
          + " MiB; use a smaller machine or raise the heap, e.g. LABYRINTH_JAVA_OPTS=-Xmx"
          + ((neededBytes >> 30) + 1) + "g");
    }
  }
}
