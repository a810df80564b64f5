package dev.labyrinth.emulator.scenario;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import dev.labyrinth.emulator.machine.Step;

/**
 * One task from the {@code tasks} list.
 *
 * @param name the task's comm
 * @param cpu the CPU it is pinned to
 * @param startNs when it first wakes
 * @param steps its program (a {@code fill} step is already expanded to a loop)
 */
public record TaskSpec(String name, int cpu, long startNs, ImmutableList<Step> steps) {
  public TaskSpec {
    checkNotNull(name, "name");
    checkArgument(cpu >= 0 && startNs >= 0, "cpu %s start %s", cpu, startNs);
    checkNotNull(steps, "steps");
  }
}
