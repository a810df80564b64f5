package dev.labyrinth.emulator.machine;

import com.google.common.collect.ImmutableList;
import java.util.Arrays;

/**
 * Walks a program's steps in order, entering loops; {@link #next()} is null at the end.
 *
 * <p>The loop nesting is a stack kept in parallel arrays (list, index, iterations left) rather
 * than a list of objects, and {@link #restart()} rewinds it in place: an interrupt line's handler
 * runs once per interrupt, and its cursor is reused rather than rebuilt each time.
 */
final class ProgramCursor {
  private final ImmutableList<Step> program;
  @SuppressWarnings("unchecked")
  private ImmutableList<Step>[] lists = new ImmutableList[2];
  private int[] index = new int[2];
  private int[] iterationsLeft = new int[2];
  private int depth;

  ProgramCursor(ImmutableList<Step> program) {
    this.program = program;
    restart();
  }

  /** Back to the program's first step. */
  void restart() {
    Arrays.fill(lists, 0, depth, null);
    depth = 0;
    push(program, 1);
  }

  Step next() {
    while (depth > 0) {
      int top = depth - 1;
      ImmutableList<Step> list = lists[top];
      if (index[top] < list.size()) {
        Step s = list.get(index[top]++);
        if (s instanceof Step.Loop loop) {
          if (!loop.body().isEmpty()) {
            push(loop.body(), loop.count());
          }
          continue;
        }
        return s;
      }
      if (--iterationsLeft[top] > 0) {
        index[top] = 0;
        continue;
      }
      lists[top] = null;
      depth = top;
    }
    return null;
  }

  private void push(ImmutableList<Step> list, int iterations) {
    if (depth == lists.length) {
      lists = Arrays.copyOf(lists, depth * 2);
      index = Arrays.copyOf(index, depth * 2);
      iterationsLeft = Arrays.copyOf(iterationsLeft, depth * 2);
    }
    lists[depth] = list;
    index[depth] = 0;
    iterationsLeft[depth] = iterations;
    depth++;
  }
}
