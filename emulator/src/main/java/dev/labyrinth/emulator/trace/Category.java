package dev.labyrinth.emulator.trace;

import com.google.common.collect.ImmutableList;
import java.util.Locale;

/**
 * Fingerprint ingredients, after OMNeT++'s fingerprint categories: each record belongs to exactly
 * one category, decided by its event name, so a coarse fingerprint ("only the page allocator")
 * can check a refactor that changes unrelated details. The header line belongs to every
 * selection: it names the run. {@link #OTHER} catches event families added later, so the
 * categories together always cover the whole trace. Documented in {@code docs/regression.md}.
 */
public enum Category {
  /** The buddy allocator, per-CPU lists, zone lock spins, watermarks and allocation failures. */
  MM("mm_page_", "mm_pcp_", "mm_setup_per_zone_wmarks", "zone_init", "warn_alloc",
      "reclaim_init", "zone_lock_"),
  /** kswapd, direct reclaim and the OOM killer. */
  RECLAIM("mm_vmscan_", "oom_kill"),
  /** Hardirq handlers and softirqs. */
  IRQ("irq_", "softirq_"),
  /** The scheduler and atomic-context checks. */
  SCHED("sched_", "might_sleep"),
  /** Processes' address spaces: faults, fork, COW, pins. */
  VM("vm_"),
  /** The machine's description, timeline sysctl writes and the end of the run. */
  RUN("machine", "sysctl", "run_end"),
  /** Any event no other category claims. */
  OTHER();

  private final ImmutableList<String> prefixes;

  Category(String... prefixes) {
    this.prefixes = ImmutableList.copyOf(prefixes);
  }

  /** The category of an event name; {@link #OTHER} when no prefix matches. */
  public static Category of(String eventName) {
    for (Category category : values()) {
      for (String prefix : category.prefixes) {
        if (eventName.startsWith(prefix)) {
          return category;
        }
      }
    }
    return OTHER;
  }

  /** The event-name prefixes of this category (exact names are prefixes too). */
  public ImmutableList<String> prefixes() {
    return prefixes;
  }

  /** The command-line name: {@code mm}, {@code irq}, ... */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
