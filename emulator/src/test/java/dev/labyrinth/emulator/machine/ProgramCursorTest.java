package dev.labyrinth.emulator.machine;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgramCursorTest {
  private static Step compute(long ns) {
    return new Step.Compute(ns);
  }

  private static List<Long> walk(ProgramCursor cursor) {
    List<Long> out = new ArrayList<>();
    for (Step s = cursor.next(); s != null; s = cursor.next()) {
      out.add(((Step.Compute) s).ns());
    }
    return out;
  }

  // Nested loops deeper than the cursor's initial stack, an empty loop, then a restart midway.
  @Test
  void walksNestedLoopsAndRestartsFromTheFirstStep() {
    Step inner = new Step.Loop(2, ImmutableList.of(compute(3)));
    Step middle = new Step.Loop(2, ImmutableList.of(compute(2), inner));
    Step outer = new Step.Loop(2, ImmutableList.of(middle));
    ImmutableList<Step> program = ImmutableList.of(compute(1), outer,
        new Step.Loop(3, ImmutableList.of()), compute(4));
    List<Long> expected = List.of(1L, 2L, 3L, 3L, 2L, 3L, 3L, 2L, 3L, 3L, 2L, 3L, 3L, 4L);

    ProgramCursor cursor = new ProgramCursor(program);
    assertThat(walk(cursor)).isEqualTo(expected);
    assertThat(cursor.next()).isNull();

    cursor.restart();
    assertThat(cursor.next()).isEqualTo(compute(1));
    assertThat(cursor.next()).isEqualTo(compute(2));
    assertThat(cursor.next()).isEqualTo(compute(3));
    cursor.restart(); // in the middle of three nested loops
    assertThat(walk(cursor)).isEqualTo(expected);
  }
}
