package dev.labyrinth.emulator.vm;

import java.util.Locale;

/**
 * The vm's event counters, in the fixed order they are traced. Names follow /proc/vmstat where
 * Linux has the counter ({@code pgfault}, {@code pgreuse}, {@code nr_foll_pin_acquired},
 * {@code nr_foll_pin_released}); the rest are Labyrinth's own.
 */
public enum VmCounter {
  /** Page faults handled ({@code PGFAULT}), including unshare faults raised by GUP. */
  PGFAULT,
  /** {@code wp_page_reuse()} on a write fault ({@code PGREUSE}). */
  PGREUSE,
  /** Read faults that mapped the shared zero page. */
  ZERO_PAGE_MAPPED,
  /** New anonymous pages from {@code do_anonymous_page()}. */
  ANON_NEW,
  /** {@code wp_page_copy()} for a write fault. */
  COW_COPY,
  /** {@code wp_page_copy()} for an unshare fault (FAULT_FLAG_UNSHARE). */
  COW_UNSHARE,
  /** Unshare faults that reused the page (refcount 1: only the exclusive bit set). */
  UNSHARE_REUSE,
  /** Anonymous pages shared with a child by fork. */
  FORK_SHARED,
  /** Pinned exclusive pages copied eagerly at fork ({@code copy_present_page()}). */
  FORK_COPIED,
  /** Forks that failed with ENOMEM. */
  FORK_ENOMEM,
  /** FOLL_PIN references taken ({@code nr_foll_pin_acquired}), per page. */
  NR_FOLL_PIN_ACQUIRED,
  /** FOLL_PIN references dropped ({@code nr_foll_pin_released}), per page. */
  NR_FOLL_PIN_RELEASED,
  /** Faults that returned VM_FAULT_OOM. */
  FAULT_OOM,
  /** Violations found by the bleed checker. */
  BLEED;

  /** The name in trace records and reports. */
  public String traceName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
