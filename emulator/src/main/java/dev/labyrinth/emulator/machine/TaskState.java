package dev.labyrinth.emulator.machine;

/** A task's state, with the letter Linux's {@code sched_switch} prints as {@code prev_state}. */
public enum TaskState {
  /** On a CPU. */
  RUNNING("R"),
  /** On a run queue, waiting for a CPU; a preempted task is printed {@code R+}. */
  RUNNABLE("R"),
  /** TASK_INTERRUPTIBLE: sleeping or waiting for a wake-up. */
  SLEEPING("S"),
  /** TASK_UNINTERRUPTIBLE: blocked, e.g. in direct reclaim. */
  BLOCKED("D"),
  /** Exited. */
  DEAD("X");

  private final String letter;

  TaskState(String letter) {
    this.letter = letter;
  }

  public String letter() {
    return letter;
  }
}
