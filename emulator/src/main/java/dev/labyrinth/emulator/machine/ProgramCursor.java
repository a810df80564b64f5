package dev.labyrinth.emulator.machine;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;

/** Walks a program's steps in order, entering loops; {@link #next()} is null at the end. */
final class ProgramCursor {
  private final List<ImmutableList<Step>> lists = new ArrayList<>();
  private final List<int[]> positions = new ArrayList<>(); // {index, iterations left}

  ProgramCursor(ImmutableList<Step> program) {
    lists.add(program);
    positions.add(new int[] {0, 1});
  }

  Step next() {
    while (!lists.isEmpty()) {
      int top = lists.size() - 1;
      int[] pos = positions.get(top);
      ImmutableList<Step> list = lists.get(top);
      if (pos[0] < list.size()) {
        Step s = list.get(pos[0]++);
        if (s instanceof Step.Loop loop) {
          if (!loop.body().isEmpty()) {
            lists.add(loop.body());
            positions.add(new int[] {0, loop.count()});
          }
          continue;
        }
        return s;
      }
      if (--pos[1] > 0) {
        pos[0] = 0;
        continue;
      }
      lists.remove(top);
      positions.remove(top);
    }
    return null;
  }
}
