package dev.labyrinth.emulator.sim;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import com.google.common.base.Verify;
import java.util.function.IntUnaryOperator;
import java.util.function.LongPredicate;
import java.util.function.LongUnaryOperator;

/**
 * The future event set: pending events, handed out in the total order (time, band, sequence).
 *
 * <p>The sequence number is stamped on every push from a counter, starts at 1 and doubles as the
 * event id, so ties between events at the same time and band go to the one scheduled first, and
 * nothing about the queue's internals can leak into behaviour (OMNeT++'s {@code insertOrder}).
 * Because 0 is never an id, callers may use it to mean "no event".
 *
 * <p>The structure is a radix heap (Ahuja, Mehlhorn, Orlin and Tarjan, J. ACM 37(2), 1990),
 * chosen because a simulation's event times never go back: {@link #push} rejects a time before
 * the instant of the last popped event, which is exactly the monotone use a radix heap needs. A
 * comparison heap pays a cache miss per level once a million pending events outgrow the caches;
 * a radix heap appends an entry to a bucket and later moves it a few times by sequential passes.
 *
 * <ul>
 *   <li>The base time is the current instant (the time of the last popped event).
 *       {@link RadixBuckets} holds the later entries in buckets 1..64 by the highest bit in
 *       which their time differs from the base; {@link InstantHeap} is bucket 0, the entries at
 *       the current instant, in key order. The key is {@code band.ordinal() << 56 | sequence},
 *       so one {@code long} comparison settles band and sequence.
 *   <li>When bucket 0 has no pending entry, the lowest non-empty bucket holds the next instant:
 *       its smallest time becomes the base and its entries move to lower buckets (those at the
 *       base into bucket 0). This is done only when that event is popped at once: a push may come
 *       for any time from the current instant on, so the base must never get ahead of it. So
 *       {@link #peekTimeNs} and a {@link #pop(long)} whose limit stops short look at the minimum
 *       without moving the base, and the minimum that defines the new base must be a pending
 *       event, not a cancelled one still in place.
 *   <li>An entry is the whole event in primitives: time, key, argument and the index of its
 *       action in an {@link ActionTable} (32 bytes; no reference, so moving one needs no GC write
 *       barrier). Popping an entry reads nothing outside it. (Until 2026-11-29 the payload sat in
 *       slots that never moved and entries were (time, slot) pairs of 16 bytes: cheaper to move,
 *       but with a million pending events every pop missed the cache on its slot.)
 *   <li>Lazy cancellation: {@link #cancel} only removes the id from a set of pending ids; the
 *       entry stays in place and is dropped when it is met. When dropped entries outnumber live
 *       ones the structure is compacted, so memory stays proportional to the pending events and
 *       {@link #size()} is always exact.
 * </ul>
 *
 * <p>An event pushed for the current instant in a band lower than the one last popped is still
 * pending and is handed out next; key order holds among pending events.
 *
 * <p>Audit mode ({@link #enableTieShuffle}) replaces the sequence in the key by a seeded
 * bijection of it, which permutes events with equal (time, band); only keys change, so the
 * structure is the same.
 *
 * <p>Use: {@link #pop()} or {@link #pop(long)} moves the next event into the "popped" slot, read
 * with {@link #poppedTimeNs()}, {@link #poppedBand()}, {@link #poppedId()}, {@link
 * #poppedAction()} and {@link #poppedArg()}, so no object is allocated per event.
 */
public final class EventQueue {
  private static final int BAND_SHIFT = TieShuffle.BITS;
  private static final long SEQUENCE_MASK = TieShuffle.MASK;
  private static final int CAPACITY_HINT_DEFAULT = 256;
  private static final int CAPACITY_MIN = 4;
  /** Dropped entries tolerated beyond the live count before compaction, so tiny queues skip it. */
  private static final int COMPACTION_SLACK = 64;
  /** New actions tolerated before the action table starts over, beyond the entries' count. */
  private static final int ACTIONS_REBUILD_MIN = 1024;

  private final ActionTable actions = new ActionTable();
  /** The action table starts over when it knows this many actions. */
  private int actionsRebuildAt = ACTIONS_REBUILD_MIN;
  /** Buckets 1..64; their base is always {@link #instantNs}. */
  private final RadixBuckets buckets;
  /** Bucket 0: the entries at {@link #instantNs}. */
  private final InstantHeap instant = new InstantHeap();
  /** Whether a key's event is still pending; bound once, used when dropping cancelled entries. */
  private final LongPredicate keyPending = this::keyPending;

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
    int capacity = Math.max(capacityHint, CAPACITY_MIN);
    buckets = new RadixBuckets(instantNs);
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
    long key = keyOf(band.ordinal(), id);
    int actionIndex = actions.indexOf(action);
    if (timeNs == instantNs) {
      instant.add(key, arg, actionIndex);
    } else {
      buckets.add(timeNs, key, arg, actionIndex);
    }
    if (actions.size() >= actionsRebuildAt) {
      rebuildActions();
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
    if (entryCount() - live > live + COMPACTION_SLACK) {
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
    if (dropDeadInstantHead()) {
      return instantNs;
    }
    while (true) {
      int bucket = buckets.lowest();
      if (bucket < 0) {
        return Long.MAX_VALUE;
      }
      int index = pendingMinIndex(bucket);
      if (index >= 0) {
        return buckets.timeAt(bucket, index);
      }
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
    if (!dropDeadInstantHead()) {
      // Nothing pending at the current instant: find the next one without moving the base yet.
      int bucket;
      int index;
      do {
        bucket = buckets.lowest();
        if (bucket < 0) {
          return false;
        }
        index = pendingMinIndex(bucket);
      } while (index < 0);
      long nextNs = buckets.timeAt(bucket, index);
      if (nextNs > timeNsLimit) {
        return false;
      }
      // The entry at nextNs is pending and is popped below, so the base may move to it.
      buckets.redistribute(bucket, nextNs, instant);
      Verify.verify(nextNs > instantNs, "time went back from %s to %s", instantNs, nextNs);
      instantNs = nextNs;
      boolean found = dropDeadInstantHead();
      Verify.verify(found, "no pending entry at the new base %s ns", nextNs);
    } else if (instantNs > timeNsLimit) {
      return false;
    }
    long key = instant.minKey();
    long arg = instant.minArg();
    int actionIndex = instant.minAction();
    instant.removeMin();
    long id = idOfKey(key);
    pending.remove(id);
    poppedTimeNs = instantNs;
    poppedId = id;
    poppedBandOrdinal = (int) (key >>> BAND_SHIFT);
    poppedAction = actions.action(actionIndex);
    poppedArg = arg;
    return true;
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
    TieShuffle before = tieShuffle;
    TieShuffle after = new TieShuffle(seed);
    // Every entry, cancelled or not, is re-keyed: a cancelled one must still decode to its own
    // id, so that it is recognised as not pending. Times do not change, so no entry moves
    // between buckets; bucket 0 is re-ordered.
    LongUnaryOperator rekey =
        key -> {
          long tie = key & SEQUENCE_MASK;
          long id = before == null ? tie : before.unscramble(tie);
          return (key & ~SEQUENCE_MASK) | after.scramble(id);
        };
    buckets.rekeyAll(rekey);
    instant.rekeyAll(rekey);
    tieShuffle = after;
  }

  /**
   * Verifies every part's structure (bucket placement for the base, bucket 0's key order), that
   * every entry's action index names an action, and that the entries in place account for
   * exactly the pending ids. Throws {@link com.google.common.base.VerifyException} on a
   * violation, which is always a bug in this class. Costs O(n); meant for tests.
   */
  public void checkInvariants() {
    pending.checkInvariants();
    buckets.checkInvariants();
    instant.checkInvariants();
    actions.checkInvariants();
    Verify.verify(buckets.base() == instantNs, "base %s is not the instant %s", buckets.base(),
        instantNs);
    Verify.verify(actions.size() < actionsRebuildAt, "action table past its rebuild point");
    long[] liveCountAndChecksum = new long[2];
    RadixBuckets.EntryVisitor account =
        (key, actionIndex) -> {
          Verify.verify(actionIndex >= 0 && actionIndex < actions.size()
              && actions.action(actionIndex) != null, "bad action index %s", actionIndex);
          int bandOrdinal = (int) (key >>> BAND_SHIFT);
          Verify.verify(bandOrdinal >= 0 && bandOrdinal < Band.count(), "bad band in key");
          long id = idOfKey(key);
          Verify.verify(id > 0 && id <= lastSequence, "id %s never issued", id);
          Verify.verify(keyOf(bandOrdinal, id) == key, "key does not round-trip for %s", id);
          if (pending.contains(id)) {
            liveCountAndChecksum[0]++;
            liveCountAndChecksum[1] += SplitMix64.mix64(id);
          }
        };
    buckets.forEachEntry(account);
    instant.forEachEntry(account);
    Verify.verify(
        liveCountAndChecksum[0] == pending.size(), "%s live entries for %s pending ids",
        liveCountAndChecksum[0], pending.size());
    Verify.verify(liveCountAndChecksum[1] == pending.checksum(),
        "live entries do not match pending ids");
  }

  // ---- Finding the next pending entry. ----

  /**
   * Drops cancelled entries from the head of bucket 0; returns whether a pending one is at its
   * head.
   */
  private boolean dropDeadInstantHead() {
    while (instant.size() > 0) {
      if (pending.contains(idOfKey(instant.minKey()))) {
        return true;
      }
      instant.removeMin();
    }
    return false;
  }

  /**
   * The index of a pending entry with the smallest time in {@code bucket}, or -1 if the bucket
   * held only cancelled entries (it is then empty). A cancelled minimum must not define the new
   * base, since nothing would be popped at it; when the minimum is cancelled, the bucket's
   * cancelled entries are all removed in one pass (no dearer than the redistribution that
   * follows) and the minimum is found again.
   */
  private int pendingMinIndex(int bucket) {
    int index = buckets.minIndex(bucket);
    if (keyPending(buckets.keyAt(bucket, index))) {
      return index;
    }
    buckets.retain(bucket, keyPending);
    return buckets.count(bucket) == 0 ? -1 : buckets.minIndex(bucket);
  }

  private boolean keyPending(long key) {
    return pending.contains(idOfKey(key));
  }

  private int entryCount() {
    return buckets.size() + instant.size();
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

  // ---- Compaction of cancelled entries. ----

  /** Removes every cancelled entry; the order of the rest is their keys' and times', unchanged. */
  private void compact() {
    buckets.retainAll(keyPending);
    instant.retain(keyPending);
    buckets.trim();
    instant.trim();
  }

  // ---- The action table. ----

  /**
   * Starts the action table over with only the actions the entries still use, so that it holds
   * a bounded number of actions beyond theirs. The next start-over comes after at least as many
   * new actions as there are entries, so the pass over the entries costs O(1) per push.
   */
  private void rebuildActions() {
    Action[] old = actions.clear(Math.min(actions.size(), entryCount()));
    IntUnaryOperator remap = index -> actions.indexOf(old[index]);
    buckets.remapActions(remap);
    instant.remapActions(remap);
    actionsRebuildAt = actions.size() + Math.max(ACTIONS_REBUILD_MIN, entryCount());
  }

  /** The number of actions the table holds; for tests. */
  int actionTableSize() {
    return actions.size();
  }

  private void checkPopped() {
    checkState(poppedBandOrdinal >= 0, "no event has been popped yet");
  }
}
