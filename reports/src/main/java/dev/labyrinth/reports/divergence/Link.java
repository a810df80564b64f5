package dev.labyrinth.reports.divergence;

import com.google.common.collect.ImmutableList;
import java.util.stream.Collectors;

/**
 * One earlier record in a divergence's cause chain, and what it shares with the diverging record.
 *
 * @param lineNumber its 1-based line number in the trace
 * @param line the record as written
 * @param shared what it has in common with the diverging record, strongest first
 */
public record Link(long lineNumber, String line, ImmutableList<Shared> shared) {

  /** Kinds of subject, strongest evidence of a causal link first. */
  public enum Kind { PFN, IRQ, TASK, ZONE, CPU }

  /** One shared subject, e.g. {@code pfn 0x1200+4}. */
  public record Shared(Kind kind, String label) {}

  /** The strongest kind shared (the link's rank in the chain). */
  public Kind strongest() {
    return shared.get(0).kind();
  }

  /** {@code pfn 0x1200+4, zone Normal}. */
  public String sharedLabel() {
    return shared.stream().map(Shared::label).collect(Collectors.joining(", "));
  }
}
