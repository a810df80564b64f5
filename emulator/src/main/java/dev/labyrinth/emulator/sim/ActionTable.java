package dev.labyrinth.emulator.sim;

import com.google.common.base.Verify;
import java.util.Arrays;

/**
 * The actions of the event queue's entries, each known by a small index, so that an entry is
 * primitives only and carries its whole event: {@link RadixBuckets} moves entries of four {@code
 * long}s, and popping one reads nothing outside the entry.
 *
 * <p>An index is found by identity (an open-addressing table on {@link
 * System#identityHashCode}); the last action looked up is remembered, since a simulation tends to
 * schedule with the same bound action again and again. Indices are handed out in the order
 * actions are first seen, which never reaches the model: the queue maps an index back to its
 * action and nothing else. Indices are not freed one by one (an action scheduled one event at a
 * time would be dropped and added back on every event); instead the queue starts the table over
 * once enough new actions have been seen, keeping only those its entries still use ({@link
 * #clear}). Until then the table keeps a reference to every action it has seen, at most a bounded
 * number beyond the pending events'.
 */
final class ActionTable {
  private static final int TABLE_MIN = 32;

  /** Index to action; {@code [0, count)} in use. */
  private Action[] actions = new Action[TABLE_MIN / 2];
  private int count;
  /** Open addressing by identity hash: index + 1, or 0 for an empty cell; at most half full. */
  private int[] cells = new int[TABLE_MIN];
  private Action lastAction;
  private int lastIndex;

  /** The index of {@code action}, adding it when it is new. */
  int indexOf(Action action) {
    if (action == lastAction) {
      return lastIndex;
    }
    int mask = cells.length - 1;
    int cell = spread(System.identityHashCode(action)) & mask;
    while (true) {
      int entry = cells[cell];
      if (entry == 0) {
        break;
      }
      if (actions[entry - 1] == action) {
        lastAction = action;
        lastIndex = entry - 1;
        return lastIndex;
      }
      cell = (cell + 1) & mask;
    }
    int index = count++;
    if (index == actions.length) {
      actions = Arrays.copyOf(actions, 2 * actions.length);
    }
    actions[index] = action;
    cells[cell] = index + 1;
    if (2 * count > cells.length) {
      rehash(2 * cells.length);
    }
    lastAction = action;
    lastIndex = index;
    return index;
  }

  Action action(int index) {
    return actions[index];
  }

  /** The number of actions known, in use or not. */
  int size() {
    return count;
  }

  /**
   * Forgets every action and returns them by their old index, sized for about {@code expected}
   * actions to come; the caller re-adds those still in use.
   */
  Action[] clear(int expected) {
    Action[] old = Arrays.copyOf(actions, count);
    int length = TABLE_MIN;
    while (length < 4L * expected && length < (1 << 30)) {
      length <<= 1;
    }
    actions = new Action[length / 2];
    cells = new int[length];
    count = 0;
    lastAction = null;
    return old;
  }

  /** Verifies that every known action is found at its own index. */
  void checkInvariants() {
    int found = 0;
    for (int cell = 0; cell < cells.length; cell++) {
      if (cells[cell] != 0) {
        found++;
        Verify.verify(actions[cells[cell] - 1] != null, "cell %s names a free index", cell);
      }
    }
    Verify.verify(found == count, "%s cells for %s actions", found, count);
    for (int index = 0; index < count; index++) {
      Verify.verify(find(actions[index]) == index, "action %s not found at its index", index);
    }
  }

  private int find(Action action) {
    int mask = cells.length - 1;
    for (int cell = spread(System.identityHashCode(action)) & mask; cells[cell] != 0;
        cell = (cell + 1) & mask) {
      if (actions[cells[cell] - 1] == action) {
        return cells[cell] - 1;
      }
    }
    return -1;
  }

  private void rehash(int length) {
    cells = new int[length];
    int mask = length - 1;
    for (int index = 0; index < count; index++) {
      int cell = spread(System.identityHashCode(actions[index])) & mask;
      while (cells[cell] != 0) {
        cell = (cell + 1) & mask;
      }
      cells[cell] = index + 1;
    }
  }

  /** Identity hashes are not guaranteed to spread in their low bits; mix them. */
  private static int spread(int hash) {
    int h = hash * 0x9E3779B9;
    return h ^ (h >>> 16);
  }
}
