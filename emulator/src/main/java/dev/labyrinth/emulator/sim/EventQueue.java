package dev.labyrinth.emulator.sim;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import com.google.common.base.Verify;
import java.util.Arrays;

/**
 * The future event set: pending events, handed out in the total order (time, band, sequence).
 *
 * <p>The sequence number is stamped on every push from a counter, starts at 1 and doubles as the
 * event id, so ties between events at the same time and band go to the one scheduled first, and
 * nothing about the heap's internals can leak into behaviour (OMNeT++'s {@code insertOrder}).
 * Because 0 is never an id, callers may use it to mean "no event".
 *
 * <p>Layout, chosen for speed at a million pending events without per-event allocation:
 *
 * <ul>
 *   <li>A 4-ary min-heap of (time, slot) pairs in one {@code long[]}: the payload of an entry
 *       (its key, argument and action) lives in a slot that never moves while the entry is
 *       pending, so sifting moves two primitives per level and no reference (no GC write
 *       barrier). The key is {@code band.ordinal() << 56 | sequence}, so one {@code long}
 *       comparison settles band and sequence; it is read from the slot only when two times are
 *       equal. The root sits at index {@link #ROOT}, which puts the four children of every entry
 *       in one 64-byte block of the array (one cache line when the array is line-aligned, as
 *       large arrays are), and removing the top sifts the hole down to a leaf comparing children
 *       only, then sifts the last entry up from there (Floyd's bottom-up heapsort trick; in the
 *       hold model the last entry belongs near the bottom, so this saves a comparison per level).
 *   <li>A same-instant fast path, after OMNeT++'s circular buffer: an event pushed for exactly the
 *       current instant (the time of the last popped event) goes to a FIFO ring for its band
 *       instead of the heap. This preserves the total order exactly: every heap event at (now,
 *       band) was pushed before the queue reached now, so its sequence is smaller than that of
 *       any event in the band's ring, and ring entries are in sequence order by construction.
 *       When the instant advances, all rings are empty, because their events were due first.
 *   <li>Lazy cancellation: {@link #cancel} only removes the id from a set of pending ids; the
 *       entry stays in place and is dropped when it reaches the head. When dropped entries
 *       outnumber live ones the structure is compacted, so memory stays proportional to the
 *       pending events and {@link #size()} is always exact.
 * </ul>
 *
 * <p>Pushing an event before the current instant is rejected: the queue hands out times in
 * non-decreasing order. An event pushed for the current instant in a band lower than the one
 * last popped is still pending and is handed out next; key order holds among pending events.
 *
 * <p>Audit mode ({@link #enableTieShuffle}) replaces the sequence in the key by a seeded
 * bijection of it, which permutes events with equal (time, band) and turns the fast path off.
 *
 * <p>Use: {@link #pop()} or {@link #pop(long)} moves the next event into the "popped" slot, read
 * with {@link #poppedTimeNs()}, {@link #poppedBand()}, {@link #poppedId()}, {@link
 * #poppedAction()} and {@link #poppedArg()}, so no object is allocated per event.
 */
public final class EventQueue {
  private static final int ARITY_LOG2 = 2;
  private static final int ARITY = 1 << ARITY_LOG2;
  private static final int BAND_SHIFT = TieShuffle.BITS;
  private static final long SEQUENCE_MASK = TieShuffle.MASK;
  private static final int CAPACITY_HINT_DEFAULT = 256;
  private static final int RING_CAPACITY_INITIAL = 16;
  /** Dropped entries tolerated beyond the live count before compaction, so tiny queues skip it. */
  private static final int COMPACTION_SLACK = 64;
  /** The source code that {@link #selectCandidate()} returns for the heap; rings use their band. */
  private static final int SOURCE_HEAP = Band.count();
  private static final int SOURCE_NONE = -1;

  /**
   * Heap position of the root. Children of position p are {@code 4p - 4*ROOT + ROOT + 1 ..}; with
   * a root at 2, the first child of every entry is at a position {@code 3 mod 4}, whose time
   * starts 16 + 16*pos bytes into the array object: a multiple of 64 bytes, given the usual
   * 16-byte array header.
   */
  private static final int ROOT = 2;

  /** Position p's time at {@code 2p} and slot at {@code 2p+1}; positions below ROOT are unused. */
  private long[] heap;
  /** The number of entries in the heap; they occupy positions ROOT .. ROOT + heapSize - 1. */
  private int heapSize;
  /** Per slot: the key and the argument of the entry that holds it, at {@code 2s} and {@code 2s+1}. */
  private long[] slotKeyArg;
  /** Per slot: the action, or null when the slot is free. */
  private Action[] slotAction;
  /** A stack of free slots; the most recently freed is reused first, while it is still cached. */
  private int[] freeSlots;
  private int freeSlotCount;

  /** Per band, a FIFO ring of the events pushed for the current instant; times are implicit. */
  private final long[][] ringId;
  private final Action[][] ringAction;
  private final long[][] ringArg;
  private final int[] ringHead;
  private final int[] ringCount;
  /** Bit b is set when band b's ring is non-empty, so the lowest band is one instruction away. */
  private int ringNonEmptyMask;
  private int ringTotal;

  /** The time of the last popped event; no push may go before it. */
  private long instantNs = Long.MIN_VALUE;
  private long lastSequence;
  private final PendingIdSet pending;
  /** Non-null in audit mode. */
  private TieShuffle tieShuffle;

  /**
   * True when the root entry is the event popped last: {@link #pop} leaves it in place (its id is
   * no longer pending, so it is dead like a cancelled entry) and a following {@link #push} to the
   * heap overwrites it and sifts down once. Any other operation treats it as a dead entry.
   */
  private boolean rootPopped;

  /** Keeps the loads of {@link #touchGrandchildren} alive; its value means nothing. */
  private long prefetchSink;

  private long poppedTimeNs;
  private long poppedId;
  private int poppedBandOrdinal = -1;
  private Action poppedAction;
  private long poppedArg;

  /** Creates an empty queue sized for a typical machine. */
  public EventQueue() {
    this(CAPACITY_HINT_DEFAULT);
  }

  /** Creates an empty queue with room for {@code capacityHint} pending events before growing. */
  public EventQueue(int capacityHint) {
    checkArgument(capacityHint >= 0, "capacityHint %s must not be negative", capacityHint);
    int capacity = Math.max(capacityHint, ARITY);
    heap = new long[2 * (capacity + ROOT)];
    slotKeyArg = new long[2 * capacity];
    slotAction = new Action[capacity];
    freeSlots = new int[capacity];
    for (int slot = 0; slot < capacity; slot++) {
      freeSlots[slot] = capacity - 1 - slot;
    }
    freeSlotCount = capacity;
    int bandCount = Band.count();
    ringId = new long[bandCount][RING_CAPACITY_INITIAL];
    ringAction = new Action[bandCount][RING_CAPACITY_INITIAL];
    ringArg = new long[bandCount][RING_CAPACITY_INITIAL];
    ringHead = new int[bandCount];
    ringCount = new int[bandCount];
    pending = new PendingIdSet(capacity);
  }

  /**
   * Schedules {@code action} to run with {@code arg} at {@code timeNs} in {@code band} and returns
   * its id, which is also its sequence number: strictly increasing, starting at 1.
   */
  public long push(long timeNs, Band band, Action action, long arg) {
    checkNotNull(band, "band");
    checkNotNull(action, "action");
    checkArgument(
        timeNs >= instantNs, "event at %s ns is before the current instant %s ns", timeNs,
        instantNs);
    checkState(lastSequence < SEQUENCE_MASK, "event sequence numbers exhausted");
    long id = ++lastSequence;
    pending.add(id);
    int bandOrdinal = band.ordinal();
    if (timeNs == instantNs && tieShuffle == null) {
      ringAppend(bandOrdinal, id, action, arg);
    } else if (rootPopped) {
      replaceRoot(timeNs, keyOf(bandOrdinal, id), action, arg);
    } else {
      heapInsert(timeNs, keyOf(bandOrdinal, id), action, arg);
    }
    return id;
  }

  /**
   * Cancels the pending event {@code eventId}. Returns true if it was pending, false if it already
   * ran, was already cancelled, or never existed. The event will not be handed out.
   */
  public boolean cancel(long eventId) {
    if (!pending.remove(eventId)) {
      return false;
    }
    int live = pending.size();
    if (heapSize + ringTotal - live > live + COMPACTION_SLACK) {
      compact();
    }
    return true;
  }

  /** Whether no event is pending. */
  public boolean isEmpty() {
    return pending.size() == 0;
  }

  /** The number of pending events; cancelled events are not counted. */
  public int size() {
    return pending.size();
  }

  /** The time of the next pending event, or {@code Long.MAX_VALUE} when none is pending. */
  public long peekTimeNs() {
    while (true) {
      int source = selectCandidate();
      if (source == SOURCE_NONE) {
        return Long.MAX_VALUE;
      }
      if (pending.contains(candidateId(source))) {
        return source == SOURCE_HEAP ? heap[2 * ROOT] : instantNs;
      }
      dropCandidate(source);
    }
  }

  /** Pops the next pending event into the popped slot; returns false when none is pending. */
  public boolean pop() {
    return pop(Long.MAX_VALUE);
  }

  /**
   * Pops the next pending event into the popped slot if it is due at or before {@code
   * timeNsLimit}. Returns false, leaving the queue's pending events unchanged, when none is
   * pending or the next one is later than the limit.
   */
  public boolean pop(long timeNsLimit) {
    while (true) {
      int source = selectCandidate();
      if (source == SOURCE_NONE) {
        return false;
      }
      long id = candidateId(source);
      long timeNs;
      int bandOrdinal;
      Action action;
      long arg;
      if (source == SOURCE_HEAP) {
        int slot = (int) heap[2 * ROOT + 1];
        timeNs = heap[2 * ROOT];
        bandOrdinal = (int) (slotKeyArg[2 * slot] >>> BAND_SHIFT);
        arg = slotKeyArg[2 * slot + 1];
        action = slotAction[slot];
      } else {
        int head = ringHead[source];
        timeNs = instantNs;
        bandOrdinal = source;
        action = ringAction[source][head];
        arg = ringArg[source][head];
      }
      if (timeNs > timeNsLimit) {
        if (pending.contains(id)) {
          return false;
        }
        dropCandidate(source);
        continue;
      }
      if (source == SOURCE_HEAP && pending.remove(id)) {
        // Leave the entry at the root, dead, for the next push to overwrite (see rootPopped).
        rootPopped = true;
      } else {
        dropCandidate(source);
        if (!pending.remove(id)) {
          continue;
        }
      }
      Verify.verify(timeNs >= instantNs, "time went back from %s to %s", instantNs, timeNs);
      instantNs = timeNs;
      poppedTimeNs = timeNs;
      poppedId = id;
      poppedBandOrdinal = bandOrdinal;
      poppedAction = action;
      poppedArg = arg;
      return true;
    }
  }

  /** The time of the last popped event. */
  public long poppedTimeNs() {
    checkPopped();
    return poppedTimeNs;
  }

  /** The id (sequence number) of the last popped event. */
  public long poppedId() {
    checkPopped();
    return poppedId;
  }

  /** The band of the last popped event. */
  public Band poppedBand() {
    checkPopped();
    return Band.ofOrdinal(poppedBandOrdinal);
  }

  /** The action of the last popped event. */
  public Action poppedAction() {
    checkPopped();
    return poppedAction;
  }

  /** The argument of the last popped event. */
  public long poppedArg() {
    checkPopped();
    return poppedArg;
  }

  /**
   * Turns on the tie-shuffle audit mode: from now on, pending events with equal (time, band) come
   * out in an order permuted by {@code seed} instead of scheduling order. Pending events are
   * re-keyed, so the mode can be switched on at any time. Package-private: the public switch is
   * {@link Simulation#setTieShuffleSeed}.
   */
  void enableTieShuffle(long seed) {
    // Decode ids under the old mode, then re-key everything, including ring entries, under the
    // new one; rings stay empty while the mode is on.
    long[] ids = new long[heapSize];
    for (int i = 0; i < heapSize; i++) {
      ids[i] = idOfKey(slotKeyArg[2 * slotAt(ROOT + i)]);
    }
    tieShuffle = new TieShuffle(seed);
    rootPopped = false; // heapify may move the popped root; it stays behind as a dead entry
    for (int i = 0; i < heapSize; i++) {
      int slot = slotAt(ROOT + i);
      int bandOrdinal = (int) (slotKeyArg[2 * slot] >>> BAND_SHIFT);
      slotKeyArg[2 * slot] = keyOf(bandOrdinal, ids[i]);
    }
    int expectedSize = heapSize + ringTotal;
    for (int band = 0; band < ringCount.length; band++) {
      while (ringCount[band] > 0) {
        int head = ringHead[band];
        long id = ringId[band][head];
        Action action = ringAction[band][head];
        long arg = ringArg[band][head];
        ringDropHead(band);
        ensureHeapCapacity(heapSize + 1);
        int position = ROOT + heapSize++;
        heap[2 * position] = instantNs;
        heap[2 * position + 1] = takeSlot(keyOf(band, id), action, arg);
      }
    }
    Verify.verify(heapSize == expectedSize, "re-keying lost entries");
    heapify();
  }

  /**
   * Verifies the heap property, the rings' order and placement, and that the entries still in
   * place account for exactly the pending ids. Throws {@link
   * com.google.common.base.VerifyException} on a violation, which is always a bug in this class.
   * Costs O(n); meant for tests.
   */
  public void checkInvariants() {
    pending.checkInvariants();
    int liveCount = 0;
    long liveChecksum = 0;
    // Per band, the smallest id waiting in the ring, so heap entries at the instant can be
    // checked to come before it.
    long[] ringFirstId = new long[Band.count()];
    Arrays.fill(ringFirstId, Long.MAX_VALUE);
    int ringSum = 0;
    for (int band = 0; band < ringCount.length; band++) {
      int count = ringCount[band];
      ringSum += count;
      Verify.verify(
          ((ringNonEmptyMask >>> band) & 1) == (count > 0 ? 1 : 0), "ring mask stale, band %s",
          band);
      Verify.verify(count == 0 || tieShuffle == null, "ring in use during audit mode");
      int ringMask = ringId[band].length - 1;
      long previousId = 0;
      for (int k = 0; k < count; k++) {
        int slot = (ringHead[band] + k) & ringMask;
        long id = ringId[band][slot];
        Verify.verify(id > previousId, "ring %s out of order at %s", band, k);
        Verify.verify(id <= lastSequence, "ring id %s never issued", id);
        Verify.verify(ringAction[band][slot] != null, "ring entry without action");
        previousId = id;
        if (k == 0) {
          ringFirstId[band] = id;
        }
        if (pending.contains(id)) {
          liveCount++;
          liveChecksum += SplitMix64.mix64(id);
        }
      }
    }
    Verify.verify(ringSum == ringTotal, "ring total %s != %s", ringTotal, ringSum);
    Verify.verify(
        !rootPopped || (heapSize > 0 && !pending.contains(idOfKey(slotKeyArg[2 * slotAt(ROOT)]))),
        "popped root still pending");
    boolean[] slotUsed = new boolean[slotAction.length];
    for (int i = 0; i < heapSize; i++) {
      int position = ROOT + i;
      if (i > 0) {
        Verify.verify(!less(position, parentOf(position)), "heap order broken at %s", i);
      }
      int slot = slotAt(position);
      Verify.verify(slot >= 0 && slot < slotAction.length, "heap entry %s has bad slot %s", i, slot);
      Verify.verify(!slotUsed[slot], "slot %s held by two heap entries", slot);
      slotUsed[slot] = true;
      Verify.verify(heap[2 * position] >= instantNs, "heap entry %s before the instant", i);
      Verify.verify(slotAction[slot] != null, "heap entry %s without action", i);
      long key = slotKeyArg[2 * slot];
      int bandOrdinal = (int) (key >>> BAND_SHIFT);
      Verify.verify(bandOrdinal >= 0 && bandOrdinal < Band.count(), "bad band in key at %s", i);
      long id = idOfKey(key);
      Verify.verify(id > 0 && id <= lastSequence, "heap id %s never issued", id);
      Verify.verify(keyOf(bandOrdinal, id) == key, "key does not round-trip at %s", i);
      if (heap[2 * position] == instantNs) {
        Verify.verify(id < ringFirstId[bandOrdinal], "heap entry %s after its band's ring", id);
      }
      if (pending.contains(id)) {
        liveCount++;
        liveChecksum += SplitMix64.mix64(id);
      }
    }
    Verify.verify(
        freeSlotCount + heapSize == slotAction.length, "%s free slots and %s entries for %s slots",
        freeSlotCount, heapSize, slotAction.length);
    for (int k = 0; k < freeSlotCount; k++) {
      int slot = freeSlots[k];
      Verify.verify(!slotUsed[slot], "slot %s both free and held", slot);
      slotUsed[slot] = true;
      Verify.verify(slotAction[slot] == null, "free slot %s keeps an action", slot);
    }
    Verify.verify(
        liveCount == pending.size(), "%s live entries for %s pending ids", liveCount,
        pending.size());
    Verify.verify(liveChecksum == pending.checksum(), "live entries do not match pending ids");
  }

  // ---- Candidate selection: the smallest entry in place, live or dropped. ----

  private int selectCandidate() {
    int ringBand =
        ringNonEmptyMask == 0 ? SOURCE_NONE : Integer.numberOfTrailingZeros(ringNonEmptyMask);
    if (heapSize == 0) {
      return ringBand;
    }
    if (ringBand == SOURCE_NONE) {
      return SOURCE_HEAP;
    }
    // Ring entries are at the instant; a heap entry at the instant in the same band was pushed
    // earlier, so it wins that tie.
    if (heap[2 * ROOT] == instantNs
        && (int) (slotKeyArg[2 * slotAt(ROOT)] >>> BAND_SHIFT) <= ringBand) {
      return SOURCE_HEAP;
    }
    return ringBand;
  }

  private long candidateId(int source) {
    return source == SOURCE_HEAP
        ? idOfKey(slotKeyArg[2 * slotAt(ROOT)])
        : ringId[source][ringHead[source]];
  }

  private void dropCandidate(int source) {
    if (source == SOURCE_HEAP) {
      heapRemoveTop();
    } else {
      ringDropHead(source);
    }
  }

  // ---- Keys. ----

  private long keyOf(int bandOrdinal, long id) {
    long tie = tieShuffle == null ? id : tieShuffle.scramble(id);
    return ((long) bandOrdinal << BAND_SHIFT) | tie;
  }

  private long idOfKey(long key) {
    long tie = key & SEQUENCE_MASK;
    return tieShuffle == null ? tie : tieShuffle.unscramble(tie);
  }

  // ---- The 4-ary heap. ----

  private static int parentOf(int position) {
    return ((position - ROOT - 1) >> ARITY_LOG2) + ROOT;
  }

  private static int firstChildOf(int position) {
    return ((position - ROOT) << ARITY_LOG2) + ROOT + 1;
  }

  private int slotAt(int position) {
    return (int) heap[2 * position + 1];
  }

  /** Whether the entry at position i goes before the one at position j. */
  private boolean less(int i, int j) {
    long timeI = heap[2 * i];
    long timeJ = heap[2 * j];
    return timeI < timeJ
        || (timeI == timeJ && slotKeyArg[2 * slotAt(i)] < slotKeyArg[2 * slotAt(j)]);
  }

  private void heapInsert(long timeNs, long key, Action action, long arg) {
    ensureHeapCapacity(heapSize + 1);
    int slot = takeSlot(key, action, arg);
    siftUp(ROOT + heapSize++, timeNs, key, slot);
  }

  /** Places (timeNs, slot) with {@code key} at {@code hole} or above it, moving larger parents down. */
  private void siftUp(int hole, long timeNs, long key, int slot) {
    long[] h = heap;
    while (hole > ROOT) {
      int parent = parentOf(hole);
      long parentTimeNs = h[2 * parent];
      if (parentTimeNs < timeNs
          || (parentTimeNs == timeNs && slotKeyArg[2 * (int) h[2 * parent + 1]] < key)) {
        break;
      }
      h[2 * hole] = parentTimeNs;
      h[2 * hole + 1] = h[2 * parent + 1];
      hole = parent;
    }
    h[2 * hole] = timeNs;
    h[2 * hole + 1] = slot;
  }

  /**
   * Puts a new entry in place of the popped root and sifts it down: one sift instead of a removal
   * and an insertion, for the common pattern of an event scheduling the next one.
   */
  private void replaceRoot(long timeNs, long key, Action action, long arg) {
    rootPopped = false;
    freeSlot(slotAt(ROOT));
    siftDown(ROOT, timeNs, takeSlot(key, action, arg));
  }

  /** Removes the root entry and frees its slot. */
  private void heapRemoveTop() {
    rootPopped = false;
    freeSlot(slotAt(ROOT));
    int last = ROOT + --heapSize;
    if (last == ROOT) {
      return;
    }
    long timeNs = heap[2 * last];
    int slot = (int) heap[2 * last + 1];
    // Bottom-up: move the smaller child up into the hole until the hole is a leaf, then put the
    // last entry there and let it rise to its place (usually zero or one level).
    int hole = siftHoleToLeaf(ROOT, last);
    siftUp(hole, timeNs, slotKeyArg[2 * slot], slot);
  }

  /**
   * Moves the smallest child up into {@code hole}, level by level, until the hole has no child
   * among positions below {@code end}; returns the hole's final position.
   */
  private int siftHoleToLeaf(int hole, int end) {
    long[] h = heap;
    while (true) {
      int first = firstChildOf(hole);
      if (first >= end) {
        return hole;
      }
      int smallest = minChild(first, end);
      long slot = h[2 * smallest + 1];
      h[2 * hole] = h[2 * smallest];
      h[2 * hole + 1] = slot;
      if (hole == ROOT) {
        touchSlot((int) slot);
      }
      hole = smallest;
    }
  }

  /**
   * The position of the smallest of the children that start at {@code first} (which is below
   * {@code end}). With four children and no tie in the first round it is a branch-free
   * tournament on time: the children's order is a coin toss in a heap, so a conditional branch
   * would mispredict about half the time. Ties and a last, partial family go through the
   * comparison loop, which settles ties by key.
   */
  private int minChild(int first, int end) {
    long[] h = heap;
    long t0;
    long t1;
    long t2;
    long t3;
    if (first + ARITY <= end
        && (t0 = h[2 * first]) != (t1 = h[2 * first + 2])
        && (t2 = h[2 * first + 4]) != (t3 = h[2 * first + 6])) {
      touchGrandchildren(firstChildOf(first), end);
      long less01 = lessMask(t1, t0);
      long time01 = t0 ^ ((t0 ^ t1) & less01);
      long less23 = lessMask(t3, t2);
      long time23 = t2 ^ ((t2 ^ t3) & less23);
      if (time01 != time23) {
        int index01 = first + (int) (less01 & 1);
        int index23 = first + 2 + (int) (less23 & 1);
        int lessFinal = (int) lessMask(time23, time01);
        return index01 ^ ((index01 ^ index23) & lessFinal);
      }
    }
    int smallest = first;
    long smallestTimeNs = h[2 * first];
    int childEnd = Math.min(first + ARITY, end);
    for (int child = first + 1; child < childEnd; child++) {
      long childTimeNs = h[2 * child];
      if (childTimeNs < smallestTimeNs
          || (childTimeNs == smallestTimeNs && tieBefore(child, smallest))) {
        smallest = child;
        smallestTimeNs = childTimeNs;
      }
    }
    return smallest;
  }

  /**
   * All ones if {@code a < b} (signed), else zero, without a branch: the children's order is a
   * coin toss in a heap, so a conditional branch here mispredicts about half the time (Hacker's
   * Delight 2-12, overflow-safe).
   */
  private static long lessMask(long a, long b) {
    long difference = a - b;
    return (difference ^ ((a ^ b) & (difference ^ a))) >> 63;
  }

  /**
   * Reads one time from each of the four cache lines that hold the next level's candidates (the
   * 16 grandchildren of the hole start at {@code firstGrandchild}), so that the memory system
   * fetches them in parallel while this level's minimum is being chosen; the next level then
   * finds its children cached. Java has no prefetch instruction; a load whose result is kept in
   * {@link #prefetchSink} does the same. At a million pending events the heap is far larger than
   * the caches and this made the hold model about 1.4 times faster; below that it costs a few
   * loads of lines that are cached anyway.
   */
  private void touchGrandchildren(int firstGrandchild, int end) {
    if (firstGrandchild + 4 * ARITY <= end) {
      long[] h = heap;
      int base = 2 * firstGrandchild;
      prefetchSink ^= h[base] ^ h[base + 8] ^ h[base + 16] ^ h[base + 24];
    }
  }

  /**
   * Reads the slot of the new root, the next event to pop, so that its cache lines arrive while
   * the rest of the sift and the caller's work go on (see {@link #touchGrandchildren}).
   */
  private void touchSlot(int slot) {
    prefetchSink ^= slotKeyArg[2 * slot] ^ (slotAction[slot] == null ? 1 : 0);
  }

  /** For entries with equal times: whether position i's key is smaller than position j's. */
  private boolean tieBefore(int i, int j) {
    return slotKeyArg[2 * slotAt(i)] < slotKeyArg[2 * slotAt(j)];
  }

  /** Places the entry (timeNs, slot) at {@code hole} or below it, moving smaller children up. */
  private void siftDown(int hole, long timeNs, int slot) {
    long[] h = heap;
    long key = slotKeyArg[2 * slot];
    int end = ROOT + heapSize;
    while (true) {
      int first = firstChildOf(hole);
      if (first >= end) {
        break;
      }
      int smallest = minChild(first, end);
      long smallestTimeNs = h[2 * smallest];
      if (timeNs < smallestTimeNs
          || (timeNs == smallestTimeNs && key < slotKeyArg[2 * slotAt(smallest)])) {
        break;
      }
      long smallestSlot = h[2 * smallest + 1];
      h[2 * hole] = smallestTimeNs;
      h[2 * hole + 1] = smallestSlot;
      if (hole == ROOT) {
        touchSlot((int) smallestSlot);
      }
      hole = smallest;
    }
    h[2 * hole] = timeNs;
    h[2 * hole + 1] = slot;
  }

  /** Floyd's bottom-up heap construction, O(n). */
  private void heapify() {
    if (heapSize < 2) {
      return;
    }
    for (int position = parentOf(ROOT + heapSize - 1); position >= ROOT; position--) {
      siftDown(position, heap[2 * position], slotAt(position));
    }
  }

  private int takeSlot(long key, Action action, long arg) {
    int slot = freeSlots[--freeSlotCount];
    slotKeyArg[2 * slot] = key;
    slotKeyArg[2 * slot + 1] = arg;
    slotAction[slot] = action;
    return slot;
  }

  private void freeSlot(int slot) {
    slotAction[slot] = null;
    freeSlots[freeSlotCount++] = slot;
  }

  private void ensureHeapCapacity(int capacity) {
    int slots = slotAction.length;
    if (capacity <= slots) {
      return;
    }
    int grown = (int) Math.min(Integer.MAX_VALUE / 2 - 8L - ROOT, Math.max(capacity, 2L * slots));
    heap = Arrays.copyOf(heap, 2 * (grown + ROOT));
    slotKeyArg = Arrays.copyOf(slotKeyArg, 2 * grown);
    slotAction = Arrays.copyOf(slotAction, grown);
    // Every slot was in use (the heap was full), so the free stack holds exactly the new ones.
    freeSlots = new int[grown];
    freeSlotCount = 0;
    for (int slot = grown - 1; slot >= slots; slot--) {
      freeSlots[freeSlotCount++] = slot;
    }
  }

  // ---- The same-instant rings. ----

  private void ringAppend(int band, long id, Action action, long arg) {
    int count = ringCount[band];
    if (count == ringId[band].length) {
      growRing(band);
    }
    int slot = (ringHead[band] + count) & (ringId[band].length - 1);
    ringId[band][slot] = id;
    ringAction[band][slot] = action;
    ringArg[band][slot] = arg;
    ringCount[band] = count + 1;
    ringNonEmptyMask |= 1 << band;
    ringTotal++;
  }

  private void ringDropHead(int band) {
    int head = ringHead[band];
    ringAction[band][head] = null;
    ringHead[band] = (head + 1) & (ringId[band].length - 1);
    if (--ringCount[band] == 0) {
      ringNonEmptyMask &= ~(1 << band);
      ringHead[band] = 0;
    }
    ringTotal--;
  }

  /** Doubles a full ring, unrolling it so the head moves to slot 0. */
  private void growRing(int band) {
    int capacity = ringId[band].length;
    int head = ringHead[band];
    long[] ids = new long[capacity * 2];
    Action[] actions = new Action[capacity * 2];
    long[] args = new long[capacity * 2];
    int firstPart = capacity - head;
    System.arraycopy(ringId[band], head, ids, 0, firstPart);
    System.arraycopy(ringId[band], 0, ids, firstPart, head);
    System.arraycopy(ringAction[band], head, actions, 0, firstPart);
    System.arraycopy(ringAction[band], 0, actions, firstPart, head);
    System.arraycopy(ringArg[band], head, args, 0, firstPart);
    System.arraycopy(ringArg[band], 0, args, firstPart, head);
    ringId[band] = ids;
    ringAction[band] = actions;
    ringArg[band] = args;
    ringHead[band] = 0;
  }

  // ---- Compaction of cancelled entries. ----

  /** Removes every cancelled entry from the heap and the rings; keeps the order of the rest. */
  private void compact() {
    rootPopped = false; // the popped root is dead, so it goes with the cancelled entries
    int kept = 0;
    for (int i = 0; i < heapSize; i++) {
      int position = ROOT + i;
      int slot = slotAt(position);
      if (pending.contains(idOfKey(slotKeyArg[2 * slot]))) {
        int to = ROOT + kept++;
        heap[2 * to] = heap[2 * position];
        heap[2 * to + 1] = slot;
      } else {
        freeSlot(slot);
      }
    }
    heapSize = kept;
    heapify();
    for (int band = 0; band < ringCount.length; band++) {
      compactRing(band);
    }
  }

  /** Compacts one ring in place; the write index never passes the read index. */
  private void compactRing(int band) {
    int count = ringCount[band];
    if (count == 0) {
      return;
    }
    int ringMask = ringId[band].length - 1;
    int head = ringHead[band];
    int kept = 0;
    for (int k = 0; k < count; k++) {
      int from = (head + k) & ringMask;
      long id = ringId[band][from];
      if (pending.contains(id)) {
        int to = (head + kept) & ringMask;
        ringId[band][to] = id;
        ringAction[band][to] = ringAction[band][from];
        ringArg[band][to] = ringArg[band][from];
        kept++;
      }
    }
    for (int k = kept; k < count; k++) {
      ringAction[band][(head + k) & ringMask] = null;
    }
    ringCount[band] = kept;
    ringTotal -= count - kept;
    if (kept == 0) {
      ringNonEmptyMask &= ~(1 << band);
      ringHead[band] = 0;
    }
  }

  private void checkPopped() {
    checkState(poppedBandOrdinal >= 0, "no event has been popped yet");
  }
}
