package dev.labyrinth.emulator.machine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class LongFifoTest {
  // The ring wraps and grows while wrapped: the order must stay first-in first-out throughout.
  @Test
  void keepsFifoOrderAcrossWrapsAndGrowth() {
    LongFifo fifo = new LongFifo();
    ArrayDeque<Long> reference = new ArrayDeque<>();
    long next = 0;
    for (int round = 0; round < 200; round++) {
      int pushes = round % 7 + 1; // net growth of about one per round, with the head moving
      int pops = round % 5;
      for (int i = 0; i < pushes; i++) {
        fifo.addLast(next);
        reference.addLast(next);
        next++;
      }
      for (int i = 0; i < pops && !reference.isEmpty(); i++) {
        assertThat(fifo.removeFirst()).isEqualTo(reference.removeFirst());
      }
      assertThat(fifo.size()).isEqualTo(reference.size());
      assertThat(fifo.isEmpty()).isEqualTo(reference.isEmpty());
    }
    while (!reference.isEmpty()) {
      assertThat(fifo.removeFirst()).isEqualTo(reference.removeFirst());
    }
    assertThat(fifo.isEmpty()).isTrue();
  }

  @Test
  void peeksSeeTheOldestAndNewestAcrossAWrap() {
    LongFifo fifo = new LongFifo();
    for (long v = 0; v < 3; v++) {
      fifo.addLast(v);
    }
    fifo.removeFirst();
    fifo.removeFirst();
    for (long v = 3; v < 9; v++) { // wraps the ring of 4, then grows it
      fifo.addLast(v);
    }
    assertThat(fifo.first()).isEqualTo(2);
    assertThat(fifo.last()).isEqualTo(8);
    for (int i = 0; i < fifo.size(); i++) {
      assertThat(fifo.get(i)).isEqualTo(2 + i);
    }
    assertThat(fifo.size()).isEqualTo(7);
    assertThatThrownBy(() -> fifo.get(7)).isInstanceOf(NoSuchElementException.class);
    fifo.clear();
    assertThat(fifo.isEmpty()).isTrue();
    assertThatThrownBy(fifo::first).isInstanceOf(NoSuchElementException.class);
    fifo.addLast(42);
    assertThat(fifo.first()).isEqualTo(42);
    assertThat(fifo.last()).isEqualTo(42);
  }

  @Test
  void removingFromAnEmptyFifoFails() {
    LongFifo fifo = new LongFifo();
    fifo.addLast(-5);
    assertThat(fifo.removeFirst()).isEqualTo(-5);
    assertThatThrownBy(fifo::removeFirst).isInstanceOf(NoSuchElementException.class);
  }
}
