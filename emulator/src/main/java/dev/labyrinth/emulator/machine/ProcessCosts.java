package dev.labyrinth.emulator.machine;

/**
 * The CPU time process operations cost the task, charged as one compute segment after the
 * operation (preemptible; no lock held). Small round figures of the order a 2020s x86-64 core
 * takes, not measurements: the model is about which pages move, not about fork's speed.
 */
final class ProcessCosts {
  /** A system call without faults: mmap, munmap, mprotect, madvise, clear_refs, unpin. */
  static final long SYSCALL_NS = 500;
  /** One page fault, including zeroing or copying the 4 KiB page. */
  static final long FAULT_NS = 1_000;
  /** Touching one page that needs no fault. */
  static final long ACCESS_PER_PAGE_NS = 50;
  /** GUP per page (besides any fault it takes). */
  static final long PIN_PER_PAGE_NS = 100;
  /** fork(): the fixed part ({@code copy_process()}, the mm struct, VMAs). */
  static final long FORK_BASE_NS = 20_000;
  /** fork(): per PTE shared copy-on-write ({@code copy_present_pte()}). */
  static final long FORK_PER_SHARED_PAGE_NS = 50;
  /** fork(): per page copied eagerly ({@code copy_present_page()}). */
  static final long FORK_PER_COPIED_PAGE_NS = 1_000;
  /** fork(): per child page-table page allocated and zeroed. */
  static final long FORK_PER_PGTABLE_NS = 500;

  private ProcessCosts() {}

  /** What a fork that shared, copied and allocated this much costs. */
  static long forkNs(int shared, int copied, int pgtables) {
    return FORK_BASE_NS + shared * FORK_PER_SHARED_PAGE_NS + copied * FORK_PER_COPIED_PAGE_NS
        + pgtables * FORK_PER_PGTABLE_NS;
  }
}
