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
 *   <li>A 4-ary min-heap over parallel arrays: {@code heapTk} interleaves each entry's time and
 *       key, so sifting compares four children within one or two cache lines, and {@code
 *       heapAction} and {@code heapArg} carry the payload. The key is {@code band.ordinal() << 56 | sequence}, so one
 *       {@code long} comparison settles band and sequence once times are equal. A 4-ary heap is
 *       shallower than a binary one and its children share a cache line or two.
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

  /** Entry i's time at {@code 2i} and key at {@code 2i+1}: one cache line holds four entries. */
  private long[] heapTk;
  private Action[] heapAction;
  private long[] heapArg;
  private int heapSize;

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
    heapTk = new long[2 * capacity];
    heapAction = new Action[capacity];
    heapArg = new long[capacity];
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
        return source == SOURCE_HEAP ? heapTk[0] : instantNs;
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
        timeNs = heapTk[0];
        bandOrdinal = (int) (heapTk[1] >>> BAND_SHIFT);
        action = heapAction[0];
        arg = heapArg[0];
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
      dropCandidate(source);
      if (pending.remove(id)) {
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
      ids[i] = idOfKey(heapTk[2 * i + 1]);
    }
    tieShuffle = new TieShuffle(seed);
    for (int i = 0; i < heapSize; i++) {
      int bandOrdinal = (int) (heapTk[2 * i + 1] >>> BAND_SHIFT);
      heapTk[2 * i + 1] = keyOf(bandOrdinal, ids[i]);
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
        heapTk[2 * heapSize] = instantNs;
        heapTk[2 * heapSize + 1] = keyOf(band, id);
        heapAction[heapSize] = action;
        heapArg[heapSize] = arg;
        heapSize++;
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
    for (int i = 0; i < heapSize; i++) {
      if (i > 0) {
        int parent = (i - 1) >>> ARITY_LOG2;
        Verify.verify(!less(i, parent), "heap order broken at %s", i);
      }
      Verify.verify(heapTk[2 * i] >= instantNs, "heap entry %s before the instant", i);
      Verify.verify(heapAction[i] != null, "heap entry %s without action", i);
      int bandOrdinal = (int) (heapTk[2 * i + 1] >>> BAND_SHIFT);
      Verify.verify(bandOrdinal >= 0 && bandOrdinal < Band.count(), "bad band in key at %s", i);
      long id = idOfKey(heapTk[2 * i + 1]);
      Verify.verify(id > 0 && id <= lastSequence, "heap id %s never issued", id);
      Verify.verify(keyOf(bandOrdinal, id) == heapTk[2 * i + 1], "key does not round-trip at %s", i);
      if (heapTk[2 * i] == instantNs) {
        Verify.verify(id < ringFirstId[bandOrdinal], "heap entry %s after its band's ring", id);
      }
      if (pending.contains(id)) {
        liveCount++;
        liveChecksum += SplitMix64.mix64(id);
      }
    }
    for (int i = heapSize; i < heapAction.length; i++) {
      Verify.verify(heapAction[i] == null, "heap slot %s past the end keeps an action", i);
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
    if (heapTk[0] == instantNs && (int) (heapTk[1] >>> BAND_SHIFT) <= ringBand) {
      return SOURCE_HEAP;
    }
    return ringBand;
  }

  private long candidateId(int source) {
    return source == SOURCE_HEAP ? idOfKey(heapTk[1]) : ringId[source][ringHead[source]];
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

  private boolean less(int i, int j) {
    long timeI = heapTk[2 * i];
    long timeJ = heapTk[2 * j];
    return timeI < timeJ || (timeI == timeJ && heapTk[2 * i + 1] < heapTk[2 * j + 1]);
  }

  private void heapInsert(long timeNs, long key, Action action, long arg) {
    ensureHeapCapacity(heapSize + 1);
    // Sift up with a hole: move larger parents down, then write the new entry once.
    int hole = heapSize++;
    while (hole > 0) {
      int parent = (hole - 1) >>> ARITY_LOG2;
      long parentTimeNs = heapTk[2 * parent];
      if (parentTimeNs < timeNs || (parentTimeNs == timeNs && heapTk[2 * parent + 1] < key)) {
        break;
      }
      moveEntry(parent, hole);
      hole = parent;
    }
    setEntry(hole, timeNs, key, action, arg);
  }

  private void heapRemoveTop() {
    int last = --heapSize;
    if (last == 0) {
      heapAction[0] = null;
      return;
    }
    long timeNs = heapTk[2 * last];
    long key = heapTk[2 * last + 1];
    Action action = heapAction[last];
    long arg = heapArg[last];
    heapAction[last] = null;
    siftDown(0, timeNs, key, action, arg);
  }

  /** Places the given entry at {@code hole} or below it, moving smaller children up. */
  private void siftDown(int hole, long timeNs, long key, Action action, long arg) {
    long[] tk = heapTk;
    int size = heapSize;
    while (true) {
      int firstChild = (hole << ARITY_LOG2) + 1;
      if (firstChild >= size) {
        break;
      }
      int endChild = Math.min(firstChild + ARITY, size);
      int smallest = firstChild;
      long smallestTimeNs = tk[2 * firstChild];
      long smallestKey = tk[2 * firstChild + 1];
      for (int child = firstChild + 1; child < endChild; child++) {
        long childTimeNs = tk[2 * child];
        if (childTimeNs < smallestTimeNs
            || (childTimeNs == smallestTimeNs && tk[2 * child + 1] < smallestKey)) {
          smallest = child;
          smallestTimeNs = childTimeNs;
          smallestKey = tk[2 * child + 1];
        }
      }
      if (timeNs < smallestTimeNs || (timeNs == smallestTimeNs && key < smallestKey)) {
        break;
      }
      tk[2 * hole] = smallestTimeNs;
      tk[2 * hole + 1] = smallestKey;
      heapAction[hole] = heapAction[smallest];
      heapArg[hole] = heapArg[smallest];
      hole = smallest;
    }
    setEntry(hole, timeNs, key, action, arg);
  }

  /** Floyd's bottom-up heap construction, O(n). */
  private void heapify() {
    if (heapSize < 2) {
      return;
    }
    for (int i = (heapSize - 2) >>> ARITY_LOG2; i >= 0; i--) {
      siftDown(i, heapTk[2 * i], heapTk[2 * i + 1], heapAction[i], heapArg[i]);
    }
  }

  private void moveEntry(int from, int to) {
    heapTk[2 * to] = heapTk[2 * from];
    heapTk[2 * to + 1] = heapTk[2 * from + 1];
    heapAction[to] = heapAction[from];
    heapArg[to] = heapArg[from];
  }

  private void setEntry(int i, long timeNs, long key, Action action, long arg) {
    heapTk[2 * i] = timeNs;
    heapTk[2 * i + 1] = key;
    heapAction[i] = action;
    heapArg[i] = arg;
  }

  private void ensureHeapCapacity(int capacity) {
    if (capacity <= heapAction.length) {
      return;
    }
    int grown = (int) Math.min(Integer.MAX_VALUE / 2 - 8L, Math.max(capacity, 2L * heapAction.length));
    heapTk = Arrays.copyOf(heapTk, 2 * grown);
    heapAction = Arrays.copyOf(heapAction, grown);
    heapArg = Arrays.copyOf(heapArg, grown);
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
    int kept = 0;
    for (int i = 0; i < heapSize; i++) {
      if (pending.contains(idOfKey(heapTk[2 * i + 1]))) {
        moveEntry(i, kept++);
      }
    }
    for (int i = kept; i < heapSize; i++) {
      heapAction[i] = null;
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
