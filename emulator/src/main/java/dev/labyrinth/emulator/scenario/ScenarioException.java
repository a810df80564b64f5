package dev.labyrinth.emulator.scenario;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * A scenario could not be loaded; carries every problem found, so a user fixes them in one pass.
 *
 * <p>The message is meant for users as is: one formatted problem per line, no stack trace needed.
 */
public final class ScenarioException extends Exception {
  private static final long serialVersionUID = 1L;

  /** More than this many problems are summarised in the message, to keep a terminal readable. */
  static final int MAX_PROBLEMS_IN_MESSAGE = 100;

  private final ImmutableList<Problem> problems;

  public ScenarioException(List<Problem> problems) {
    super(formatAll(problems));
    checkArgument(!problems.isEmpty(), "a ScenarioException needs at least one problem");
    this.problems = ImmutableList.copyOf(problems);
  }

  /** Every problem, sorted by source (the file first, then overrides), line and column. */
  public ImmutableList<Problem> problems() {
    return problems;
  }

  private static String formatAll(List<Problem> problems) {
    StringBuilder text = new StringBuilder();
    int shown = Math.min(problems.size(), MAX_PROBLEMS_IN_MESSAGE);
    for (int i = 0; i < shown; i++) {
      if (i > 0) {
        text.append('\n');
      }
      text.append(problems.get(i).format());
    }
    if (problems.size() > shown) {
      text.append('\n').append("... and ").append(problems.size() - shown).append(" more problems");
    }
    return text.toString();
  }
}
