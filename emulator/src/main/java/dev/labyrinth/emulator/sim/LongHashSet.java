package dev.labyrinth.emulator.sim;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.base.Verify;

/**
 * A set of positive {@code long}s: a primitive open-addressing hash set with linear probing and
 * backward-shift deletion, so there are no tombstones to clean up. Its slot order is never
 * iterated by callers, so hashing cannot leak into the order of events. 0 marks an empty slot.
 *
 * <p>{@link PendingIdSet} keeps here the few pending ids that fall behind its sliding bit window
 * (events scheduled long ago and still pending), so the window stays proportional to the pending
 * events however long one of them waits.
 */
final class LongHashSet {
  private static final long EMPTY = 0;
  private static final int CAPACITY_MIN = 16;

  private long[] slots;
  private int mask;
  /** 64 - log2(capacity): Fibonacci hashing keeps the top bits of id * 2^64/phi. */
  private int shift;
  private int size;
  /** The wrapping sum of {@code SplitMix64.mix64(id)} over members, for cross-checks. */
  private long checksum;

  LongHashSet(int capacityHint) {
    int capacity = CAPACITY_MIN;
    while (capacity < 2L * capacityHint && capacity < (1 << 30)) {
      capacity <<= 1;
    }
    allocate(capacity);
  }

  int size() {
    return size;
  }

  long checksum() {
    return checksum;
  }

  /** Adds {@code id}, which must be positive; returns false if it was already present. */
  boolean add(long id) {
    checkArgument(id > 0, "id %s must be positive", id);
    if (2 * (size + 1) > slots.length) {
      resize(slots.length << 1);
    }
    int i = home(id);
    while (slots[i] != EMPTY) {
      if (slots[i] == id) {
        return false;
      }
      i = (i + 1) & mask;
    }
    slots[i] = id;
    size++;
    checksum += SplitMix64.mix64(id);
    return true;
  }

  boolean contains(long id) {
    if (id <= 0) {
      return false;
    }
    int i = home(id);
    while (true) {
      long slot = slots[i];
      if (slot == id) {
        return true;
      }
      if (slot == EMPTY) {
        return false;
      }
      i = (i + 1) & mask;
    }
  }

  /** Removes {@code id}; returns whether it was present. */
  boolean remove(long id) {
    if (id <= 0) {
      return false;
    }
    int i = home(id);
    while (true) {
      long slot = slots[i];
      if (slot == id) {
        break;
      }
      if (slot == EMPTY) {
        return false;
      }
      i = (i + 1) & mask;
    }
    // Backward-shift deletion: pull later members of the probe run into the hole when the hole
    // lies on their probe path, so every member stays reachable without tombstones.
    int hole = i;
    int j = i;
    while (true) {
      j = (j + 1) & mask;
      long member = slots[j];
      if (member == EMPTY) {
        break;
      }
      int memberHome = home(member);
      if (((j - memberHome) & mask) >= ((j - hole) & mask)) {
        slots[hole] = member;
        hole = j;
      }
    }
    slots[hole] = EMPTY;
    size--;
    checksum -= SplitMix64.mix64(id);
    return true;
  }

  /** Verifies the count, the checksum and that every member is reachable from its home slot. */
  void checkInvariants() {
    int count = 0;
    long sum = 0;
    for (int i = 0; i < slots.length; i++) {
      long member = slots[i];
      if (member == EMPTY) {
        continue;
      }
      Verify.verify(member > 0, "slot %s holds invalid id %s", i, member);
      count++;
      sum += SplitMix64.mix64(member);
      for (int k = home(member); k != i; k = (k + 1) & mask) {
        Verify.verify(slots[k] != EMPTY, "id %s in slot %s is unreachable from %s", member, i, k);
      }
    }
    Verify.verify(count == size, "pending set counts %s members but size is %s", count, size);
    Verify.verify(sum == checksum, "pending set checksum is stale");
    Verify.verify(2 * size <= slots.length, "pending set is over half full");
  }

  private int home(long id) {
    return (int) ((id * SplitMix64.GOLDEN_GAMMA) >>> shift);
  }

  private void allocate(int capacity) {
    slots = new long[capacity];
    mask = capacity - 1;
    shift = 64 - Integer.numberOfTrailingZeros(capacity);
  }

  private void resize(int capacity) {
    long[] old = slots;
    allocate(capacity);
    for (long member : old) {
      if (member != EMPTY) {
        int i = home(member);
        while (slots[i] != EMPTY) {
          i = (i + 1) & mask;
        }
        slots[i] = member;
      }
    }
  }
}
