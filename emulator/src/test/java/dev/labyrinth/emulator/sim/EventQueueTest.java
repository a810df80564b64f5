package dev.labyrinth.emulator.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pins the event queue's ordering rules one at a time: time first, then band, then scheduling
 * order, including for events that take the same-instant fast path, and the cancellation cases.
 * Structural invariants are checked after every operation.
 */
class EventQueueTest {
  private static final Action NOTHING = (nowNs, arg) -> {};

  @Test
  void pop_differentTimes_earliestFirst() {
    EventQueue queue = new EventQueue();
    queue.push(30, Band.CPU, NOTHING, 3);
    queue.push(10, Band.OBSERVER, NOTHING, 1);
    queue.push(20, Band.DEVICE, NOTHING, 2);
    assertThat(drainArgs(queue)).containsExactly(1L, 2L, 3L);
  }

  @Test
  void pop_sameInstant_lowerBandFirstThenSchedulingOrder() {
    EventQueue queue = new EventQueue();
    // Push every band twice, highest band first, so neither push order nor id order is sorted
    // by band.
    for (int round = 0; round < 2; round++) {
      for (int b = Band.values().length - 1; b >= 0; b--) {
        queue.push(100, Band.values()[b], NOTHING, b * 10L + round);
      }
    }
    List<Long> args = drainArgs(queue);
    assertThat(args)
        .containsExactly(0L, 1L, 10L, 11L, 20L, 21L, 30L, 31L, 40L, 41L, 50L, 51L, 60L, 61L);
  }

  @Test
  void push_atCurrentInstant_keepsFifoOrderAndRunsBeforeLaterBands() {
    EventQueue queue = new EventQueue();
    // Events at t=5 scheduled in advance go to the heap.
    queue.push(5, Band.CPU, NOTHING, 1);
    queue.push(5, Band.CPU, NOTHING, 2);
    queue.push(5, Band.OBSERVER, NOTHING, 90);
    queue.push(6, Band.DEVICE, NOTHING, 100);
    assertThat(queue.pop()).isTrue();
    assertThat(queue.poppedArg()).isEqualTo(1);
    // Now the instant is 5: these take the fast path, after the heap's CPU events at 5, before
    // the OBSERVER event at 5, and a DEVICE event pushed now runs before everything else at 5.
    queue.push(5, Band.CPU, NOTHING, 3);
    queue.push(5, Band.CPU, NOTHING, 4);
    queue.push(5, Band.DEFERRED, NOTHING, 50);
    queue.push(5, Band.DEVICE, NOTHING, 0);
    queue.push(5, Band.CPU, NOTHING, 5);
    queue.checkInvariants();
    assertThat(drainArgs(queue)).containsExactly(0L, 2L, 3L, 4L, 5L, 50L, 90L, 100L);
  }

  @Test
  void push_manySameInstantEvents_growsRingsInOrder() {
    EventQueue queue = new EventQueue(0);
    queue.push(0, Band.CPU, NOTHING, -1);
    queue.pop();
    for (int i = 0; i < 1000; i++) {
      queue.push(0, (i % 3 == 0) ? Band.DEFERRED : Band.CPU, NOTHING, i);
    }
    queue.checkInvariants();
    List<Long> args = drainArgs(queue);
    List<Long> expected = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      if (i % 3 != 0) {
        expected.add((long) i);
      }
    }
    for (int i = 0; i < 1000; i += 3) {
      expected.add((long) i);
    }
    assertThat(args).isEqualTo(expected);
  }

  @Test
  void push_ids_startAtOneAndIncrease() {
    EventQueue queue = new EventQueue();
    assertThat(queue.push(9, Band.CPU, NOTHING, 0)).isEqualTo(1);
    assertThat(queue.push(1, Band.CPU, NOTHING, 0)).isEqualTo(2);
    queue.pop();
    assertThat(queue.poppedId()).isEqualTo(2);
    assertThat(queue.poppedTimeNs()).isEqualTo(1);
    assertThat(queue.poppedBand()).isEqualTo(Band.CPU);
    assertThat(queue.poppedAction()).isSameAs(NOTHING);
  }

  @Test
  void push_beforeCurrentInstant_rejected() {
    EventQueue queue = new EventQueue();
    queue.push(10, Band.CPU, NOTHING, 0);
    queue.pop();
    assertThatThrownBy(() -> queue.push(9, Band.CPU, NOTHING, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void cancel_head_nextEventBecomesHead() {
    EventQueue queue = new EventQueue();
    long head = queue.push(10, Band.CPU, NOTHING, 1);
    queue.push(20, Band.CPU, NOTHING, 2);
    assertThat(queue.cancel(head)).isTrue();
    queue.checkInvariants();
    assertThat(queue.size()).isEqualTo(1);
    assertThat(queue.peekTimeNs()).isEqualTo(20);
    assertThat(drainArgs(queue)).containsExactly(2L);
  }

  @Test
  void cancel_eventInFastPath_isSkipped() {
    EventQueue queue = new EventQueue();
    queue.push(0, Band.CPU, NOTHING, 0);
    queue.pop();
    queue.push(0, Band.CPU, NOTHING, 1);
    long middle = queue.push(0, Band.CPU, NOTHING, 2);
    long onlyDeferred = queue.push(0, Band.DEFERRED, NOTHING, 3);
    queue.push(0, Band.CPU, NOTHING, 4);
    assertThat(queue.cancel(middle)).isTrue();
    assertThat(queue.cancel(onlyDeferred)).isTrue();
    queue.checkInvariants();
    assertThat(queue.size()).isEqualTo(2);
    assertThat(drainArgs(queue)).containsExactly(1L, 4L);
    assertThat(queue.isEmpty()).isTrue();
  }

  @Test
  void cancel_alreadyRunOrCancelledOrUnknown_returnsFalse() {
    EventQueue queue = new EventQueue();
    long ran = queue.push(10, Band.CPU, NOTHING, 1);
    long cancelled = queue.push(20, Band.CPU, NOTHING, 2);
    queue.pop();
    assertThat(queue.cancel(ran)).isFalse();
    assertThat(queue.cancel(cancelled)).isTrue();
    assertThat(queue.cancel(cancelled)).isFalse();
    assertThat(queue.cancel(0)).isFalse();
    assertThat(queue.cancel(12345)).isFalse();
    assertThat(queue.isEmpty()).isTrue();
    queue.checkInvariants();
  }

  @Test
  void cancel_mostOfALargeQueue_compactsAndKeepsOrder() {
    EventQueue queue = new EventQueue(4);
    long[] ids = new long[5000];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = queue.push(5000 - i, Band.values()[i % 7], NOTHING, i);
    }
    for (int i = 0; i < ids.length; i++) {
      if (i % 10 != 0) {
        assertThat(queue.cancel(ids[i])).isTrue();
      }
    }
    queue.checkInvariants();
    assertThat(queue.size()).isEqualTo(500);
    List<Long> args = drainArgs(queue);
    assertThat(args).hasSize(500);
    assertThat(args.get(0)).isEqualTo(4990L);
    assertThat(args.get(499)).isEqualTo(0L);
  }

  @Test
  void peekAndPop_emptyQueue() {
    EventQueue queue = new EventQueue();
    assertThat(queue.isEmpty()).isTrue();
    assertThat(queue.peekTimeNs()).isEqualTo(Long.MAX_VALUE);
    assertThat(queue.pop()).isFalse();
    assertThatThrownBy(queue::poppedTimeNs).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void popWithLimit_laterEvent_staysPending() {
    EventQueue queue = new EventQueue();
    queue.push(10, Band.CPU, NOTHING, 1);
    assertThat(queue.pop(9)).isFalse();
    assertThat(queue.size()).isEqualTo(1);
    assertThat(queue.pop(10)).isTrue();
    assertThat(queue.poppedArg()).isEqualTo(1);
  }

  @Test
  void enableTieShuffle_pendingEventsAreReKeyedAndKeepTimeAndBandOrder() {
    EventQueue queue = new EventQueue();
    queue.push(0, Band.CPU, NOTHING, -1);
    queue.pop();
    for (int i = 0; i < 20; i++) {
      queue.push(0, Band.CPU, NOTHING, i);
      queue.push(7, Band.DEVICE, NOTHING, 100 + i);
    }
    queue.enableTieShuffle(3);
    queue.checkInvariants();
    List<Long> args = drainArgs(queue);
    assertThat(args.subList(0, 20)).containsExactlyInAnyOrderElementsOf(range(0, 20));
    assertThat(args.subList(20, 40)).containsExactlyInAnyOrderElementsOf(range(100, 120));
    assertThat(args.subList(0, 20)).isNotEqualTo(range(0, 20));
  }

  private static List<Long> range(long from, long to) {
    List<Long> values = new ArrayList<>();
    for (long v = from; v < to; v++) {
      values.add(v);
    }
    return values;
  }

  /** Pops everything, checking order and invariants on the way; returns the arguments. */
  static List<Long> drainArgs(EventQueue queue) {
    List<Long> args = new ArrayList<>();
    long previousTimeNs = Long.MIN_VALUE;
    while (queue.pop()) {
      assertThat(queue.poppedTimeNs()).isGreaterThanOrEqualTo(previousTimeNs);
      previousTimeNs = queue.poppedTimeNs();
      args.add(queue.poppedArg());
      queue.checkInvariants();
    }
    return args;
  }
}
