package dev.labyrinth.emulator.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The bit-window pending set against a TreeSet, with increasing adds as the queue makes them. */
class PendingIdSetTest {

  static LongStream seeds() {
    return LongStream.rangeClosed(1, 40);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void matchesTreeSet(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    PendingIdSet set = new PendingIdSet(random.nextInt(300));
    TreeSet<Long> model = new TreeSet<>();
    List<Long> live = new ArrayList<>();
    long next = 0;
    int steps = 20_000;
    for (int step = 0; step < steps; step++) {
      int op = random.nextInt(10);
      if (op < 5 || live.isEmpty()) {
        next += 1 + (random.nextInt(8) == 0 ? random.nextInt(500) : 0);
        assertThat(set.add(next)).isTrue();
        model.add(next);
        live.add(next);
      } else if (op < 8) {
        // Remove mostly recent ids, sometimes old ones: old survivors become stragglers.
        int index = random.nextInt(4) == 0 ? random.nextInt(live.size())
            : live.size() - 1 - random.nextInt(Math.min(live.size(), 50));
        long id = live.get(index);
        live.set(index, live.get(live.size() - 1));
        live.remove(live.size() - 1);
        assertThat(set.remove(id)).isTrue();
        model.remove(id);
      } else {
        long id = random.nextInt(3) == 0 ? next + 1 + random.nextInt(5000)
            : 1 + random.nextLong(Math.max(1, next));
        assertThat(set.contains(id)).as("contains %s", id).isEqualTo(model.contains(id));
        assertThat(set.remove(id)).isEqualTo(model.remove(id));
        live.remove(id);
        if (random.nextBoolean() && model.contains(id - 1)) {
          assertThat(set.add(id - 1)).isFalse();
        }
      }
      assertThat(set.size()).isEqualTo(model.size());
      if (step % 997 == 0) {
        set.checkInvariants();
        long sum = 0;
        for (long id : model) {
          sum += SplitMix64.mix64(id);
        }
        assertThat(set.checksum()).isEqualTo(sum);
      }
    }
    for (long id : model) {
      assertThat(set.contains(id)).isTrue();
    }
    set.checkInvariants();
  }

  @Test
  void oneOldIdBecomesAStragglerAndTheWindowStaysSmall() {
    PendingIdSet set = new PendingIdSet(0);
    assertThat(set.add(1)).isTrue();
    for (long id = 2; id < 10_000_000; id++) {
      set.add(id);
      set.remove(id);
    }
    assertThat(set.stragglerCount()).isEqualTo(1);
    assertThat(set.windowWords()).isLessThanOrEqualTo(64);
    assertThat(set.contains(1)).isTrue();
    assertThat(set.contains(9_999_999)).isFalse();
    assertThat(set.remove(1)).isTrue();
    assertThat(set.size()).isZero();
    assertThat(set.add(1)).isTrue(); // an id behind the window may come back (never by the queue)
    assertThat(set.contains(1)).isTrue();
    set.checkInvariants();
  }

  @Test
  void rejectsNonPositiveIdsAsAbsent() {
    PendingIdSet set = new PendingIdSet(16);
    assertThat(set.contains(0)).isFalse();
    assertThat(set.remove(-5)).isFalse();
  }
}
