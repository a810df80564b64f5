package dev.labyrinth.reports.html;

import dev.labyrinth.reports.TraceEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Page faults, copy-on-write, fork cost, pins and bleed violations, from the vm records of
 * docs/trace-format.md ("Processes' memory"): {@code vm_fault} by {@code kind} and
 * {@code outcome} (a COW fault is a {@code do_wp_page()} outcome: {@code reuse}, {@code copy},
 * {@code unshare_copy}, {@code unshare_reuse}); {@code vm_fork}'s {@code shared},
 * {@code copied} and {@code pgtables}; {@code vm_pin} by {@code kind}; {@code vm_bleed}.
 */
final class VmActivity {

  private final Map<String, Long> faultsByKind = new TreeMap<>();
  private final Map<String, Long> forkTotals = new LinkedHashMap<>();
  private final Map<String, Long> pinsByKind = new TreeMap<>();
  private long faults;
  private long cowFaults;
  private long forks;
  private long bleeds;

  VmActivity() {
    forkTotals.put("pages shared", 0L);
    forkTotals.put("pages copied eagerly", 0L);
    forkTotals.put("page-table pages", 0L);
  }

  void observe(TraceEvent event) {
    switch (event.name()) {
      case "vm_fault" -> fault(event);
      case "vm_fork" -> {
        forks++;
        forkTotals.merge("pages shared", event.longField("shared", 0), Long::sum);
        forkTotals.merge("pages copied eagerly", event.longField("copied", 0), Long::sum);
        forkTotals.merge("page-table pages", event.longField("pgtables", 0), Long::sum);
      }
      case "vm_pin" -> pinsByKind.merge(event.stringField("kind", "-"), 1L, Long::sum);
      case "vm_bleed" -> bleeds++;
      default -> { }
    }
  }

  private void fault(TraceEvent event) {
    faults++;
    String kind = event.stringField("kind", "-");
    String outcome = event.stringField("outcome", "-");
    faultsByKind.merge(kind + " " + outcome, 1L, Long::sum);
    switch (outcome) {
      case "reuse", "copy", "unshare_copy", "unshare_reuse" -> cowFaults++;
      default -> { }
    }
  }

  long faults() {
    return faults;
  }

  long cowFaults() {
    return cowFaults;
  }

  long forks() {
    return forks;
  }

  long bleeds() {
    return bleeds;
  }

  /** Fault counts by {@code kind outcome}, sorted. */
  Map<String, Long> faultsByKind() {
    return faultsByKind;
  }

  /** Pins taken, by kind, sorted. */
  Map<String, Long> pinsByKind() {
    return pinsByKind;
  }

  /** Sums over all forks of pages shared, copied eagerly and page-table pages, in that order. */
  Map<String, Long> forkTotals() {
    return forkTotals;
  }
}
