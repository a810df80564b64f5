package dev.labyrinth.emulator.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The queue keeps each entry's action as an index into a table that starts over now and then;
 * these check that every popped event still gets its own action, however many distinct actions
 * pass through, and that the table stays bounded by the pending events instead of growing with
 * every action ever scheduled.
 */
class EventQueueActionTableTest {

  /** An action that is told apart by identity only (equal fields, different objects). */
  private static final class Marker implements Action {
    @Override
    public void run(long nowNs, long arg) {}
  }

  @Test
  void pop_manyDistinctActions_eachEventGetsItsOwn() {
    EventQueue queue = new EventQueue(0);
    SplittableRandom random = new SplittableRandom(11);
    // arg -> the action pushed with it
    List<Action> actionOfArg = new ArrayList<>();
    long nowNs = 0;
    for (int step = 0; step < 20_000; step++) {
      if (queue.size() < 300 || random.nextInt(3) != 0) {
        Marker action = new Marker();
        long arg = actionOfArg.size();
        actionOfArg.add(action);
        queue.push(nowNs + 1 + random.nextInt(5_000), Band.CPU, action, arg);
      } else {
        assertThat(queue.pop()).isTrue();
        assertThat(queue.poppedAction()).isSameAs(actionOfArg.get((int) queue.poppedArg()));
        nowNs = queue.poppedTimeNs();
      }
      if (step % 997 == 0) {
        queue.checkInvariants();
      }
    }
    queue.checkInvariants();
    while (queue.pop()) {
      assertThat(queue.poppedAction()).isSameAs(actionOfArg.get((int) queue.poppedArg()));
    }
    assertThat(actionOfArg.size()).isGreaterThan(10_000); // the table did start over, many times
  }

  @Test
  void push_freshActionPerEvent_tableStaysBoundedByPendingEvents() {
    EventQueue queue = new EventQueue(0);
    for (long i = 0; i < 50; i++) {
      queue.push(i + 1, Band.CPU, new Marker(), i);
    }
    long timeNs = 50;
    for (long i = 50; i < 100_000; i++) {
      assertThat(queue.pop()).isTrue();
      queue.push(++timeNs, Band.CPU, new Marker(), i);
      assertThat(queue.actionTableSize()).isLessThanOrEqualTo(50 + 2 * 1024);
    }
    queue.checkInvariants();
  }

  @Test
  void cancel_thenStartOver_cancelledEntriesDropAndOthersKeepTheirActions() {
    EventQueue queue = new EventQueue(0);
    Deque<long[]> ids = new ArrayDeque<>();
    List<Action> actionOfArg = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      Marker action = new Marker();
      actionOfArg.add(action);
      long id = queue.push(10 + (i * 7919L) % 3_000, Band.values()[i % 3], action, i);
      ids.add(new long[] {id, i});
    }
    int cancelled = 0;
    for (long[] idAndArg : ids) {
      if (idAndArg[1] % 3 == 0) {
        assertThat(queue.cancel(idAndArg[0])).isTrue();
        cancelled++;
      }
    }
    queue.checkInvariants();
    int seen = 0;
    while (queue.pop()) {
      assertThat(queue.poppedArg() % 3).isNotZero();
      assertThat(queue.poppedAction()).isSameAs(actionOfArg.get((int) queue.poppedArg()));
      seen++;
    }
    assertThat(seen).isEqualTo(5_000 - cancelled);
  }
}
