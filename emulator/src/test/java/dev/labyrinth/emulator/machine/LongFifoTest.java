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
  void removingFromAnEmptyFifoFails() {
    LongFifo fifo = new LongFifo();
    fifo.addLast(-5);
    assertThat(fifo.removeFirst()).isEqualTo(-5);
    assertThatThrownBy(fifo::removeFirst).isInstanceOf(NoSuchElementException.class);
  }
}
