package dev.labyrinth.reports.html;

import dev.labyrinth.reports.EventContext;
import dev.labyrinth.reports.TraceEvent;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Page faults, copy-on-write and fork cost, read generically because the vm events are still
 * being added: any record whose name contains {@code fault} is a fault, grouped by its
 * {@code kind} (or {@code type}) and its outcome ({@code outcome}, {@code result} or
 * {@code action}); it is a COW fault when its kind or outcome names {@code cow}, {@code wp},
 * {@code copy} or {@code reuse} (Linux's {@code do_wp_page} either reuses the page or copies it).
 * Any record whose name contains {@code fork} is a fork, and its cost is the sum of each of its
 * integer fields (pages shared, copied eagerly, page-table pages, ...).
 */
final class VmActivity {

  private final Map<String, Long> faultsByKind = new TreeMap<>();
  private final Map<String, Long> forkTotals = new TreeMap<>();
  private long faults;
  private long cowFaults;
  private long forks;

  void observe(TraceEvent event) {
    String name = event.name().toLowerCase(Locale.ROOT);
    if (name.contains("fault")) {
      fault(event);
    } else if (name.contains("fork")) {
      forks++;
      event.fields().forEach((key, value) -> {
        if (value instanceof Long number && !EventContext.KEYS.contains(key)
            && !key.endsWith("pid")) {
          forkTotals.merge(event.name() + "." + key, number, Long::sum);
        }
      });
    }
  }

  private void fault(TraceEvent event) {
    faults++;
    String kind = event.stringField("kind", event.stringField("type", "-"));
    String outcome = event.stringField("outcome", event.stringField("result",
        event.stringField("action", "-")));
    faultsByKind.merge(event.name() + " " + kind + " " + outcome, 1L, Long::sum);
    String both = (kind + " " + outcome).toLowerCase(Locale.ROOT);
    if (both.contains("cow") || both.contains("wp") || both.contains("copy")
        || both.contains("reuse")) {
      cowFaults++;
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

  /** Fault counts by {@code event kind outcome}, sorted. */
  Map<String, Long> faultsByKind() {
    return faultsByKind;
  }

  /** Per fork event and integer field, the sum over all forks, sorted. */
  Map<String, Long> forkTotals() {
    return forkTotals;
  }
}
