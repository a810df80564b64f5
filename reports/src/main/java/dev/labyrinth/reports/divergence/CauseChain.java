package dev.labyrinth.reports.divergence;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The chain of earlier records that led to a diverging one: those that touched the same page
 * frames (overlapping pfn ranges), IRQ line, task, zone or CPU, most recent first. A divergence
 * rarely starts at the line where it shows: a free put a block at the tail instead of the head,
 * and a later allocation got another pfn. The chain points from the symptom back to such causes.
 *
 * <p>Links are chosen by strength first (a shared pfn says more than a shared CPU, which nearly
 * every record shares), then by recency, so the chain stays short on a busy machine. The scan
 * streams the trace once and keeps at most {@code max} links per kind.
 *
 * @param links the chain, most recent first
 */
public record CauseChain(ImmutableList<Link> links) {

  /** Default length of a chain. */
  public static final int DEFAULT_MAX = 8;

  /**
   * Scans {@code trace} from its first line up to (not including) line {@code beforeLine} for
   * records sharing a subject with any of {@code diverging} (the expected and the actual
   * diverging lines; absent ones are skipped). The header (line 1) is never a link.
   */
  public static CauseChain find(BufferedReader trace, long beforeLine,
      List<Optional<String>> diverging, int max) throws IOException {
    checkArgument(max > 0, "max must be > 0");
    Subjects target = null;
    for (Optional<String> line : diverging) {
      if (line.isPresent()) {
        Subjects subjects = Subjects.of(line.get());
        target = target == null ? subjects : target.union(subjects);
      }
    }
    if (target == null) {
      return new CauseChain(ImmutableList.of());
    }
    Map<Link.Kind, Deque<Link>> byKind = new EnumMap<>(Link.Kind.class);
    for (Link.Kind kind : Link.Kind.values()) {
      byKind.put(kind, new ArrayDeque<>(max + 1));
    }
    long lineNumber = 0;
    for (String line = trace.readLine(); line != null; line = trace.readLine()) {
      lineNumber++;
      if (lineNumber >= beforeLine) {
        break;
      }
      if (lineNumber == 1) {
        continue;
      }
      ImmutableList<Link.Shared> shared = Subjects.of(line).sharedWith(target);
      if (!shared.isEmpty()) {
        Link link = new Link(lineNumber, line, shared);
        Deque<Link> recent = byKind.get(link.strongest());
        if (recent.size() == max) {
          recent.removeFirst();
        }
        recent.addLast(link);
      }
    }
    List<Link> chosen = new ArrayList<>();
    for (Deque<Link> recent : byKind.values()) {
      for (java.util.Iterator<Link> it = recent.descendingIterator();
          it.hasNext() && chosen.size() < max; ) {
        chosen.add(it.next());
      }
    }
    chosen.sort(Comparator.comparingLong(Link::lineNumber).reversed());
    return new CauseChain(ImmutableList.copyOf(chosen));
  }

  /** A human-readable account, one link per line, ending with a newline; empty when no links. */
  public String describe(String title) {
    if (links.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    out.append(title).append('\n');
    for (Link link : links) {
      out.append("    ").append(link.lineNumber()).append("  [").append(link.sharedLabel())
          .append("]  ").append(link.line()).append('\n');
    }
    return out.toString();
  }
}
