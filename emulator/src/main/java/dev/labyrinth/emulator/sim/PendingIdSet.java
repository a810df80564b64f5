package dev.labyrinth.emulator.sim;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.base.Verify;

/**
 * The ids of the events that are still pending: a sliding window of bits over the id space, one
 * bit per id, with a small hash set for stragglers that fall behind the window.
 *
 * <p>The event queue deletes cancelled events lazily; this set is what tells a live entry from a
 * cancelled one, and what makes {@link EventQueue#cancel} answer "was it pending" exactly. Ids are
 * sequence numbers, handed out in increasing order, and most events run soon after they were
 * scheduled, so the pending ids crowd into a range just below the newest id. A bit per id in that
 * range makes {@link #add} a write to the word the previous add touched and {@link #remove} one
 * AND into a dense array, where a hash set costs a probe into a table twice the size of the
 * pending set (the former implementation, 30-50% of the hold model's time at a million pending).
 *
 * <p>The window is a power-of-two ring of 64-bit words: word {@code w} (ids {@code 64w ..
 * 64w+63}) lives at index {@code w & wordMask}, for {@code baseWord <= w < baseWord + length}.
 * When an add needs a word past the window, the window first slides over words at its base that
 * hold no pending id. If that is not enough, a sparse window (fewer pending ids in it than one
 * bit in {@value #SPARSE_BITS_PER_ID}) moves the ids of its base word to the straggler set and
 * slides on; a dense one doubles. So the window holds at most about {@value #SPARSE_BITS_PER_ID}
 * bits per pending id, however long one event waits. Nothing here is ever iterated in an order
 * that reaches the model; only {@link #checksum} and {@link #checkInvariants} scan it.
 */
final class PendingIdSet {
  private static final int WORDS_MIN = 16;
  /** A window with more bits than this per pending id in it evicts instead of growing. */
  static final int SPARSE_BITS_PER_ID = 32;

  private long[] words;
  private int wordMask;
  /** The lowest word the window holds; every id below {@code 64 * baseWord} is a straggler. */
  private long baseWord;
  private int size;
  /** Pending ids behind the window; usually empty. */
  private final LongHashSet stragglers = new LongHashSet(0);

  PendingIdSet(int capacityHint) {
    int length = WORDS_MIN;
    while (length < 4L * capacityHint / Long.SIZE && length < (1 << 28)) {
      length <<= 1;
    }
    words = new long[length];
    wordMask = length - 1;
  }

  int size() {
    return size;
  }

  /** The wrapping sum of {@code SplitMix64.mix64(id)} over members; O(window), for checks. */
  long checksum() {
    long sum = stragglers.checksum();
    for (long w = baseWord; w < baseWord + words.length; w++) {
      long bits = words[(int) w & wordMask];
      while (bits != 0) {
        long id = (w << 6) | Long.numberOfTrailingZeros(bits);
        sum += SplitMix64.mix64(id);
        bits &= bits - 1;
      }
    }
    return sum;
  }

  /** Adds {@code id}, which must be positive; returns false if it was already present. */
  boolean add(long id) {
    checkArgument(id > 0, "id %s must be positive", id);
    long w = id >>> 6;
    if (w < baseWord) {
      if (!stragglers.add(id)) {
        return false;
      }
      size++;
      return true;
    }
    if (w - baseWord >= words.length) {
      makeRoom(w);
      if (w < baseWord) { // cannot happen: the window never slides past the word it makes room for
        throw new IllegalStateException("window slid past id " + id);
      }
    }
    int index = (int) w & wordMask;
    long bit = 1L << id; // shifts use the low six bits of id
    long word = words[index];
    if ((word & bit) != 0) {
      return false;
    }
    words[index] = word | bit;
    size++;
    return true;
  }

  boolean contains(long id) {
    if (id <= 0) {
      return false;
    }
    long w = id >>> 6;
    if (w < baseWord) {
      return stragglers.size() > 0 && stragglers.contains(id);
    }
    if (w - baseWord >= words.length) {
      return false;
    }
    return (words[(int) w & wordMask] & (1L << id)) != 0;
  }

  /** Removes {@code id}; returns whether it was present. */
  boolean remove(long id) {
    if (id <= 0) {
      return false;
    }
    long w = id >>> 6;
    if (w < baseWord) {
      if (stragglers.size() > 0 && stragglers.remove(id)) {
        size--;
        return true;
      }
      return false;
    }
    if (w - baseWord >= words.length) {
      return false;
    }
    int index = (int) w & wordMask;
    long bit = 1L << id;
    long word = words[index];
    if ((word & bit) == 0) {
      return false;
    }
    words[index] = word & ~bit;
    size--;
    return true;
  }

  /** Slides or grows the window until it holds word {@code w}, which lies past its end. */
  private void makeRoom(long w) {
    while (w - baseWord >= words.length) {
      // Words at the base with no pending id can be given up for free: their slot in the ring
      // is all zeros, which is exactly the empty word the new end needs.
      int index = (int) baseWord & wordMask;
      if (words[index] == 0) {
        baseWord++;
        continue;
      }
      long inWindow = size - stragglers.size();
      if (inWindow * SPARSE_BITS_PER_ID < (long) words.length * Long.SIZE
          || words.length >= (1 << 28)) {
        long bits = words[index];
        while (bits != 0) {
          stragglers.add((baseWord << 6) | Long.numberOfTrailingZeros(bits));
          bits &= bits - 1;
        }
        words[index] = 0;
        baseWord++;
      } else {
        grow();
      }
    }
  }

  /** Doubles the ring, keeping every word at its index for the new mask. */
  private void grow() {
    long[] old = words;
    int oldMask = wordMask;
    words = new long[old.length * 2];
    wordMask = words.length - 1;
    for (long w = baseWord; w < baseWord + old.length; w++) {
      words[(int) w & wordMask] = old[(int) w & oldMask];
    }
  }

  /** Verifies the count, the stragglers' place behind the window and the straggler set. */
  void checkInvariants() {
    stragglers.checkInvariants();
    long count = stragglers.size();
    for (long word : words) {
      count += Long.bitCount(word);
    }
    Verify.verify(count == size, "pending set counts %s members but size is %s", count, size);
    Verify.verify(Long.bitCount(words.length) == 1, "window length %s", words.length);
    Verify.verify(baseWord >= 0, "window base %s", baseWord);
  }

  /** Pending ids kept behind the window; for tests. */
  int stragglerCount() {
    return stragglers.size();
  }

  /** Words in the window; for tests. */
  int windowWords() {
    return words.length;
  }
}
