package dev.labyrinth.emulator.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.base.VerifyException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Model-based test of {@link EventQueue}: seeded random sequences of push, pop, bounded pop,
 * peek and cancel are applied both to the queue and to a plain {@link TreeSet} ordered by (time,
 * band, sequence), and every answer must agree. {@link EventQueue#checkInvariants()} runs after
 * every operation. Each seed picks its own mix of operations and of times (many at the current
 * instant, to drive the fast path; bursts of cancels, to drive compaction). A failure names its
 * seed and operation so it can be replayed.
 */
class EventQueueModelTest {
  private static final int SEEDS = 200;
  private static final int OPERATIONS = 2000;
  private static final Action[] ACTIONS = {
    (nowNs, arg) -> {}, (nowNs, arg) -> {}, (nowNs, arg) -> {}
  };

  /** One pending event in the reference model. */
  private record Entry(long timeNs, int band, long id, long arg, int actionIndex) {}

  private static final Comparator<Entry> ORDER =
      Comparator.comparingLong(Entry::timeNs).thenComparingInt(Entry::band)
          .thenComparingLong(Entry::id);

  static long[] seeds() {
    long[] seeds = new long[SEEDS];
    for (int i = 0; i < SEEDS; i++) {
      seeds[i] = i;
    }
    return seeds;
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void queue_randomOperations_matchesReferenceModel(long seed) {
    RandomStream random = new RandomStreams(seed).stream("event-queue-model");
    // Per-seed operation weights out of 100: push, pop, bounded pop, peek; the rest cancel.
    int pushWeight = 30 + random.nextInt(30);
    int popWeight = 10 + random.nextInt(25);
    int boundedPopWeight = 5;
    int peekWeight = 5;
    int sameInstantPercent = random.nextInt(80);
    int timeSpreadNs = 1 + random.nextInt(1000);

    EventQueue queue = new EventQueue(random.nextInt(32));
    TreeSet<Entry> model = new TreeSet<>(ORDER);
    TreeMap<Long, Entry> modelById = new TreeMap<>();
    List<Long> issuedIds = new ArrayList<>();
    long instantNs = 0;
    long expectedId = 0;

    for (int op = 0; op < OPERATIONS; op++) {
      String where = "seed " + seed + ", operation " + op;
      int roll = random.nextInt(100);
      if (roll < pushWeight) {
        long timeNs =
            random.nextInt(100) < sameInstantPercent ? instantNs
                : instantNs + random.nextInt(timeSpreadNs);
        int band = random.nextInt(Band.values().length);
        long arg = random.nextLong();
        int actionIndex = random.nextInt(ACTIONS.length);
        long id = queue.push(timeNs, Band.values()[band], ACTIONS[actionIndex], arg);
        assertThat(id).as(where).isEqualTo(++expectedId);
        Entry entry = new Entry(timeNs, band, id, arg, actionIndex);
        model.add(entry);
        modelById.put(id, entry);
        issuedIds.add(id);
      } else if (roll < pushWeight + popWeight) {
        Entry expected = model.pollFirst();
        assertThat(queue.pop()).as(where).isEqualTo(expected != null);
        if (expected != null) {
          modelById.remove(expected.id());
          assertPopped(queue, expected, where);
          instantNs = expected.timeNs();
        }
      } else if (roll < pushWeight + popWeight + boundedPopWeight) {
        long limitNs = instantNs + random.nextInt(timeSpreadNs);
        Entry first = model.isEmpty() ? null : model.first();
        boolean due = first != null && first.timeNs() <= limitNs;
        assertThat(queue.pop(limitNs)).as(where).isEqualTo(due);
        if (due) {
          model.pollFirst();
          modelById.remove(first.id());
          assertPopped(queue, first, where);
          instantNs = first.timeNs();
        }
      } else if (roll < pushWeight + popWeight + boundedPopWeight + peekWeight) {
        long expectedNs = model.isEmpty() ? Long.MAX_VALUE : model.first().timeNs();
        assertThat(queue.peekTimeNs()).as(where).isEqualTo(expectedNs);
      } else {
        // Cancel a burst of ids, any of which may be pending, already run or already cancelled.
        int burst = random.nextInt(10) == 0 ? 1 + random.nextInt(50) : 1;
        for (int k = 0; k < burst && !issuedIds.isEmpty(); k++) {
          long id = issuedIds.get(random.nextInt(issuedIds.size()));
          Entry entry = modelById.remove(id);
          if (entry != null) {
            model.remove(entry);
          }
          assertThat(queue.cancel(id)).as(where).isEqualTo(entry != null);
        }
      }
      checkInvariants(queue, where);
      assertThat(queue.size()).as(where).isEqualTo(model.size());
      assertThat(queue.isEmpty()).as(where).isEqualTo(model.isEmpty());
    }

    // Drain both to the end, so every remaining entry's order is checked too.
    while (!model.isEmpty()) {
      Entry expected = model.pollFirst();
      assertThat(queue.pop()).as("seed %s, drain", seed).isTrue();
      assertPopped(queue, expected, "seed " + seed + ", drain");
      checkInvariants(queue, "seed " + seed + ", drain");
    }
    assertThat(queue.pop()).as("seed %s, drained", seed).isFalse();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void queue_tieShuffle_permutesOnlyWithinTimeAndBand(long seed) {
    RandomStream random = new RandomStreams(seed).stream("event-queue-shuffle-model");
    EventQueue queue = new EventQueue();
    List<Entry> pushed = new ArrayList<>();
    boolean shuffled = false;
    // Few distinct times and bands, so ties are common.
    for (int i = 0; i < 300; i++) {
      if (i == 150) {
        queue.enableTieShuffle(seed);
        shuffled = true;
      }
      long timeNs = random.nextInt(5);
      int band = random.nextInt(3);
      long id = queue.push(timeNs, Band.values()[band], ACTIONS[0], i);
      pushed.add(new Entry(timeNs, band, id, i, 0));
    }
    assertThat(shuffled).isTrue();
    checkInvariants(queue, "seed " + seed + ", after pushes");
    List<Entry> popped = new ArrayList<>();
    while (queue.pop()) {
      popped.add(
          new Entry(
              queue.poppedTimeNs(), queue.poppedBand().ordinal(), queue.poppedId(),
              queue.poppedArg(), 0));
      checkInvariants(queue, "seed " + seed + ", drain");
    }
    List<Entry> sorted = new ArrayList<>(pushed);
    sorted.sort(ORDER);
    assertThat(popped).as("seed %s", seed).containsExactlyInAnyOrderElementsOf(pushed);
    for (int i = 0; i < popped.size(); i++) {
      assertThat(popped.get(i).timeNs()).as("seed %s, index %s", seed, i)
          .isEqualTo(sorted.get(i).timeNs());
      assertThat(popped.get(i).band()).as("seed %s, index %s", seed, i)
          .isEqualTo(sorted.get(i).band());
    }
    assertThat(popped).as("seed %s: audit mode must change some tie order", seed)
        .isNotEqualTo(sorted);
  }

  /** Runs the structural checks and names the seed and operation if one fails. */
  private static void checkInvariants(EventQueue queue, String where) {
    try {
      queue.checkInvariants();
    } catch (VerifyException e) {
      throw new AssertionError(where + ": " + e.getMessage(), e);
    }
  }

  private static void assertPopped(EventQueue queue, Entry expected, String where) {
    assertThat(queue.poppedId()).as(where).isEqualTo(expected.id());
    assertThat(queue.poppedTimeNs()).as(where).isEqualTo(expected.timeNs());
    assertThat(queue.poppedBand().ordinal()).as(where).isEqualTo(expected.band());
    assertThat(queue.poppedArg()).as(where).isEqualTo(expected.arg());
    assertThat(queue.poppedAction()).as(where).isSameAs(ACTIONS[expected.actionIndex()]);
  }
}
