package dev.labyrinth.emulator.cli;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What makes a sweep run "failing" (selected with {@code --fail-on}); a run fails when any
 * selected condition holds. The default is {@code failed,might_sleep,bleed}: an allocation the
 * allocator refused, a blocking allocation from atomic context, or a process reading data it must
 * not see. {@code warn_alloc} (a failure Linux would print) and {@code reserve} (any allocation
 * below min, i.e. into a reserve tier) are stricter and opt-in.
 */
enum FailCondition {
  /** At least one {@code mm_page_alloc} with {@code reserve} {@code failed}. */
  FAILED,
  /** At least one {@code might_sleep} record. */
  MIGHT_SLEEP,
  /** At least one {@code vm_bleed} record. */
  BLEED,
  /** At least one {@code warn_alloc} record. */
  WARN_ALLOC,
  /** At least one allocation into a reserve tier (below min) or failed. */
  RESERVE;

  static final Set<FailCondition> DEFAULT = EnumSet.of(FAILED, MIGHT_SLEEP, BLEED);

  String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  boolean holds(RunFigures figures) {
    return switch (this) {
      case FAILED -> figures.tier("failed") > 0;
      case MIGHT_SLEEP -> figures.count("might_sleep") > 0;
      case BLEED -> figures.count("vm_bleed") > 0;
      case WARN_ALLOC -> figures.count("warn_alloc") > 0;
      case RESERVE -> figures.reserves().hits().size() > 0;
    };
  }
}
