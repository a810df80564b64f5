package dev.labyrinth.reports;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Copy-on-write figures from the vm records (docs/trace-format.md, "Processes' memory"):
 * {@code vm_fault} outcomes, {@code vm_fork} costs, and every {@code vm_bleed} violation, which
 * makes {@code labyrinth run} fail the run.
 */
public final class CowFigures {
  private long faults;
  private long reuses;
  private long copies;
  private long unshares;
  private long forks;
  private long forkShared;
  private long forkCopied;
  private long forkPgtables;
  private final List<String> violations = new ArrayList<>();

  public void accept(TraceEvent e) {
    switch (e.name()) {
      case "vm_fault" -> {
        faults++;
        switch (e.stringField("outcome", "")) {
          case "reuse" -> reuses++;
          case "copy" -> copies++;
          case "unshare_copy" -> unshares++;
          default -> { }
        }
      }
      case "vm_fork" -> {
        forks++;
        forkShared += e.longField("shared", 0);
        forkCopied += e.longField("copied", 0);
        forkPgtables += e.longField("pgtables", 0);
      }
      case "vm_bleed" -> violations.add(String.format(Locale.ROOT,
          "%s at %d ns: pid %d read %s (pfn %d, via %s) and saw data written by pid %d "
              + "(token %d, expected %d); the page was shared by fork %d (pid %d -> pid %d)",
          e.stringField("kind", "?"), e.timeNs(), e.longField("reader", 0),
          e.stringField("address", "?"), e.longField("pfn", -1), e.stringField("via", "?"),
          e.longField("writer", 0), e.longField("token", 0), e.longField("expected", 0),
          e.longField("fork", 0), e.longField("fork_parent", 0), e.longField("fork_child", 0)));
      default -> { }
    }
  }

  /** One line per {@code vm_bleed} record, in trace order. */
  public ImmutableList<String> violations() {
    return ImmutableList.copyOf(violations);
  }

  /** The figures, one per line; empty when the trace has no vm fault, fork or violation. */
  public String describe() {
    if (faults == 0 && forks == 0 && violations.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    out.append("copy-on-write: pgfault ").append(faults).append(", pgreuse ").append(reuses)
        .append(", cow copies ").append(copies).append(", unshare copies ").append(unshares)
        .append('\n');
    out.append("  forks: ").append(forks).append(" (pages shared ").append(forkShared)
        .append(", copied eagerly ").append(forkCopied).append(", page-table pages ")
        .append(forkPgtables).append(")\n");
    out.append("  bleed violations: ").append(violations.size()).append('\n');
    return out.toString();
  }
}
