package dev.labyrinth.emulator.machine;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import java.util.Arrays;

/**
 * Held blocks waiting to be freed, in batches that fall due together: the blocks one allocation
 * step holds for the same time are freed by one event instead of one event each.
 *
 * <p>Why: a handler that takes a burst of buffers ({@code alloc: {count: 7, hold: 6ms}}) used to
 * schedule seven free events for the same instant, back to back, which was a third of the
 * events of the sensor scenario. One event that frees the seven in allocation order writes the
 * same records in the same order; only the number of executed events falls. {@link Machine}
 * decides when a block may join a batch; this class only stores them.
 *
 * <p>Storage is a table of reusable {@code long[]} rows (packed {@code pfn << 6 | order}) with a
 * stack of free row numbers, so a steady run allocates nothing here once the rows have grown.
 */
final class HeldBlockBatches {
  private static final int ROW_CAPACITY_INITIAL = 8;

  private long[][] rows = new long[4][];
  private int[] counts = new int[4];
  private boolean[] inUse = new boolean[4];
  /** Row numbers not in use; the most recently released is reused first. */
  private int[] freeRows = {3, 2, 1, 0};
  private int freeRowCount = 4;
  private int openBatches;

  /** Starts a batch holding {@code packedBlock}; returns its number. */
  int open(long packedBlock) {
    if (freeRowCount == 0) {
      grow();
    }
    int batch = freeRows[--freeRowCount];
    inUse[batch] = true;
    if (rows[batch] == null) {
      rows[batch] = new long[ROW_CAPACITY_INITIAL];
    }
    rows[batch][0] = packedBlock;
    counts[batch] = 1;
    openBatches++;
    return batch;
  }

  /** Adds {@code packedBlock} at the end of {@code batch}. */
  void append(int batch, long packedBlock) {
    checkInUse(batch);
    int count = counts[batch];
    if (count == rows[batch].length) {
      rows[batch] = Arrays.copyOf(rows[batch], 2 * count);
    }
    rows[batch][count] = packedBlock;
    counts[batch] = count + 1;
  }

  /** The number of blocks in {@code batch}. */
  int size(int batch) {
    checkInUse(batch);
    return counts[batch];
  }

  /** The {@code index}-th block added to {@code batch}. */
  long block(int batch, int index) {
    checkInUse(batch);
    checkArgument(index >= 0 && index < counts[batch], "block %s of %s", index, counts[batch]);
    return rows[batch][index];
  }

  /** Ends {@code batch}; its number may be handed out again. */
  void release(int batch) {
    checkInUse(batch);
    inUse[batch] = false;
    counts[batch] = 0;
    freeRows[freeRowCount++] = batch;
    openBatches--;
  }

  /** Batches opened and not yet released. */
  int openBatches() {
    return openBatches;
  }

  private void checkInUse(int batch) {
    checkState(batch >= 0 && batch < inUse.length && inUse[batch], "batch %s is not open", batch);
  }

  /** Doubles the table; every row was in use, so the free stack gets exactly the new ones. */
  private void grow() {
    int old = rows.length;
    int grown = 2 * old;
    rows = Arrays.copyOf(rows, grown);
    counts = Arrays.copyOf(counts, grown);
    inUse = Arrays.copyOf(inUse, grown);
    freeRows = new int[grown];
    freeRowCount = 0;
    for (int row = grown - 1; row >= old; row--) {
      freeRows[freeRowCount++] = row;
    }
  }
}
