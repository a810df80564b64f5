package dev.labyrinth.emulator.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The radix heap's own edge cases: entries moving between buckets, the base after a pop stopped
 * by its limit or a peek, cancelled entries that would define the next base, ties that meet
 * from different buckets, times at the ends of the {@code long} range, and audit mode with
 * entries spread over buckets. Invariants are checked after every operation.
 */
class EventQueueRadixTest {
  private static final Action NOTHING = (nowNs, arg) -> {};

  @Test
  void pop_timesAcrossManyLevels_comeOutInOrder() {
    EventQueue queue = new EventQueue(0);
    long[] times = {
      1, 2, 3, 63, 64, 65, 127, 4095, 4096, 4097, 262_143, 262_144, 1L << 30, (1L << 30) + 1,
      (1L << 36) - 1, 1L << 42, 1L << 48, (1L << 54) + 7, 1L << 60, Long.MAX_VALUE
    };
    // Push in a scrambled order, several at each time, so that buckets are redistributed
    // with entries at, just after and far after the new base.
    List<long[]> expected = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < times.length; i++) {
        int k = (i * 7 + round * 3) % times.length;
        long arg = round * 100L + k;
        queue.push(times[k], Band.CPU, NOTHING, arg);
        expected.add(new long[] {times[k], round, arg});
      }
    }
    queue.checkInvariants();
    expected.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]));
    List<Long> args = EventQueueTest.drainArgs(queue);
    assertThat(args).containsExactlyElementsOf(expected.stream().map(e -> e[2]).toList());
  }

  @Test
  void pop_negativeAndExtremeTimes_signedOrder() {
    EventQueue queue = new EventQueue();
    queue.push(Long.MAX_VALUE, Band.CPU, NOTHING, 5);
    queue.push(0, Band.CPU, NOTHING, 3);
    queue.push(-1, Band.CPU, NOTHING, 2);
    queue.push(Long.MIN_VALUE, Band.CPU, NOTHING, 0);
    queue.push(Long.MIN_VALUE + 1, Band.CPU, NOTHING, 1);
    queue.push(Long.MAX_VALUE - 1, Band.CPU, NOTHING, 4);
    queue.checkInvariants();
    assertThat(EventQueueTest.drainArgs(queue)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
  }

  @Test
  void popWithLimit_stopsShort_laterPushBetweenInstantAndNextEventComesFirst() {
    EventQueue queue = new EventQueue();
    queue.push(100, Band.CPU, NOTHING, 1);
    queue.push(1_000_000, Band.CPU, NOTHING, 3);
    assertThat(queue.pop()).isTrue();
    assertThat(queue.pop(500_000)).isFalse();
    assertThat(queue.peekTimeNs()).isEqualTo(1_000_000);
    queue.checkInvariants();
    // Both the failed pop and the peek saw 1 000 000; neither may have moved the base there.
    queue.push(600_000, Band.CPU, NOTHING, 2);
    queue.push(100, Band.DEVICE, NOTHING, 0);
    queue.checkInvariants();
    assertThat(EventQueueTest.drainArgs(queue)).containsExactly(0L, 2L, 3L);
  }

  @Test
  void run_untilStops_scheduleBetween_runsOnInOrder() {
    Simulation simulation = new Simulation(1);
    List<Long> ran = new ArrayList<>();
    Action record = (nowNs, arg) -> ran.add(nowNs);
    simulation.schedule(10, Band.CPU, record, 0);
    simulation.schedule(5_000, Band.CPU, record, 0);
    simulation.run(1_000, Long.MAX_VALUE);
    assertThat(simulation.nowNs()).isEqualTo(1_000);
    simulation.schedule(2_000, Band.CPU, record, 0);
    simulation.schedule(1_000, Band.CPU, record, 0);
    simulation.run(Long.MAX_VALUE, Long.MAX_VALUE);
    assertThat(ran).containsExactly(10L, 1_000L, 2_000L, 5_000L);
  }

  @Test
  void cancel_minimumOfNextBucket_doesNotDefineTheBase() {
    EventQueue queue = new EventQueue();
    queue.push(0, Band.CPU, NOTHING, 0);
    assertThat(queue.pop()).isTrue();
    long minimum = queue.push(1_000, Band.CPU, NOTHING, 1);
    queue.push(1_001, Band.CPU, NOTHING, 2);
    queue.push(1_500, Band.CPU, NOTHING, 3);
    assertThat(queue.cancel(minimum)).isTrue();
    queue.checkInvariants();
    // The next pending event is at 1 001, after the limit: nothing pops, and the instant is
    // still 0, so a push at 1 000 (the cancelled event's time) or earlier is allowed and first.
    assertThat(queue.pop(1_000)).isFalse();
    assertThat(queue.peekTimeNs()).isEqualTo(1_001);
    queue.push(999, Band.CPU, NOTHING, 4);
    queue.checkInvariants();
    assertThat(EventQueueTest.drainArgs(queue)).containsExactly(4L, 2L, 3L);
  }

  @Test
  void cancel_everyEntryOfTheLowestBuckets_nextBucketServes() {
    EventQueue queue = new EventQueue();
    List<Long> cancelled = new ArrayList<>();
    for (int t = 1; t <= 200; t++) {
      cancelled.add(queue.push(t, Band.values()[t % 7], NOTHING, -t));
    }
    queue.push(1L << 20, Band.CPU, NOTHING, 1);
    queue.push((1L << 20) + 1, Band.CPU, NOTHING, 2);
    for (long id : cancelled) {
      assertThat(queue.cancel(id)).isTrue();
      queue.checkInvariants();
    }
    assertThat(queue.size()).isEqualTo(2);
    assertThat(queue.peekTimeNs()).isEqualTo(1L << 20);
    assertThat(EventQueueTest.drainArgs(queue)).containsExactly(1L, 2L);
  }

  @Test
  void pop_sameTimeReachedFromDifferentBuckets_keyOrder() {
    EventQueue queue = new EventQueue();
    // Scheduled at instant 0 for 10 000: bucketed against base 0.
    queue.push(10_000, Band.CPU, NOTHING, 1);
    queue.push(10_000, Band.OBSERVER, NOTHING, 5);
    queue.push(9_990, Band.CPU, NOTHING, 0);
    assertThat(queue.pop()).isTrue();
    // Now at 9 990 the same instant is in a lower bucket for new pushes.
    queue.push(10_000, Band.CPU, NOTHING, 2);
    queue.push(10_000, Band.DEVICE, NOTHING, -1);
    queue.checkInvariants();
    assertThat(queue.pop()).isTrue();
    assertThat(queue.poppedArg()).isEqualTo(-1);
    // At the instant itself: a CPU push goes after the earlier CPU ones, a DEVICE push first.
    queue.push(10_000, Band.CPU, NOTHING, 3);
    queue.push(10_000, Band.DEVICE, NOTHING, -2);
    queue.checkInvariants();
    assertThat(EventQueueTest.drainArgs(queue)).containsExactly(-2L, 1L, 2L, 3L, 5L);
  }

  @Test
  void push_largeSpreadThenDrain_keepsOrderWhileBucketsGrowAndShrink() {
    EventQueue queue = new EventQueue(0);
    RandomStream random = new RandomStreams(7).stream("radix-spread");
    int count = 20_000;
    long[] times = new long[count];
    for (int i = 0; i < count; i++) {
      times[i] = random.nextInt(1 << 30);
      queue.push(times[i], Band.CPU, NOTHING, i);
    }
    queue.checkInvariants();
    long previous = Long.MIN_VALUE;
    int popped = 0;
    while (queue.pop()) {
      assertThat(queue.poppedTimeNs()).isGreaterThanOrEqualTo(previous);
      assertThat(queue.poppedTimeNs()).isEqualTo(times[(int) queue.poppedArg()]);
      previous = queue.poppedTimeNs();
      if (++popped % 1000 == 0) {
        queue.checkInvariants();
      }
    }
    assertThat(popped).isEqualTo(count);
    queue.checkInvariants();
  }

  @Test
  void enableTieShuffle_entriesInSeveralBuckets_keepTimeAndBandOrder() {
    EventQueue queue = new EventQueue();
    queue.push(0, Band.CPU, NOTHING, -1);
    queue.pop();
    List<long[]> pushed = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      long timeNs = (i % 3 == 0) ? 0 : (i % 3 == 1) ? 70 : 1L << 25;
      Band band = Band.values()[i % 2];
      queue.push(timeNs, band, NOTHING, i);
      pushed.add(new long[] {timeNs, band.ordinal(), i});
    }
    queue.enableTieShuffle(11);
    queue.checkInvariants();
    // Pushes at the instant after the switch are shuffled among the earlier ones too.
    for (int i = 60; i < 70; i++) {
      queue.push(0, Band.DEVICE, NOTHING, i);
      pushed.add(new long[] {0, Band.DEVICE.ordinal(), i});
    }
    List<long[]> popped = new ArrayList<>();
    while (queue.pop()) {
      popped.add(new long[] {queue.poppedTimeNs(), queue.poppedBand().ordinal(),
          queue.poppedArg()});
      queue.checkInvariants();
    }
    pushed.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1])
        .thenComparingLong(e -> e[2]));
    assertThat(popped).hasSameSizeAs(pushed);
    List<Long> poppedArgs = new ArrayList<>();
    for (int i = 0; i < popped.size(); i++) {
      assertThat(popped.get(i)[0]).as("time at %s", i).isEqualTo(pushed.get(i)[0]);
      assertThat(popped.get(i)[1]).as("band at %s", i).isEqualTo(pushed.get(i)[1]);
      poppedArgs.add(popped.get(i)[2]);
    }
    assertThat(poppedArgs).containsExactlyInAnyOrderElementsOf(
        pushed.stream().map(e -> e[2]).toList());
    assertThat(poppedArgs).isNotEqualTo(pushed.stream().map(e -> e[2]).toList());
  }
}
