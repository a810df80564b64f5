package dev.labyrinth.emulator.vm;

import com.google.common.collect.ImmutableList;

/** The small results of {@link Vm}'s operations. A failed allocation is a result, not a throw. */
public final class Results {
  private Results() {}

  /**
   * @param outcome how it ended
   * @param address the start of the new mapping (0 unless OK)
   */
  public record MmapResult(Outcome outcome, long address) {}

  /**
   * A read, a write, or a read through a pin.
   *
   * @param outcome OK, SIGSEGV or OOM
   * @param faults page faults taken
   * @param failedAddress where the access stopped when not OK (pages before it were done)
   * @param failedGfpMask the GFP mask of the allocation that failed (OOM), else 0; the machine
   *     may reclaim and retry from {@code failedAddress}
   * @param violations what the bleed checker found during this access
   */
  public record AccessResult(
      Outcome outcome,
      int faults,
      long failedAddress,
      int failedGfpMask,
      ImmutableList<BleedViolation> violations) {}

  /**
   * @param outcome OK or ENOMEM (the child does not exist then)
   * @param childPid the new process, or 0
   * @param pagesShared anonymous pages now shared copy-on-write
   * @param pagesCopied pinned exclusive pages copied eagerly for the child
   * @param pgtablesAllocated page-table pages allocated for the child (PGD included)
   * @param failedGfpMask the mask of the allocation that failed, or 0
   */
  public record ForkResult(
      Outcome outcome,
      int childPid,
      int pagesShared,
      int pagesCopied,
      int pgtablesAllocated,
      int failedGfpMask) {}

  /**
   * @param outcome OK, EFAULT (unmapped or not writable for a write pin) or ENOMEM (a fault
   *     failed; nothing stays pinned)
   * @param pinId the id for {@link Vm#readPin} and {@link Vm#unpin}, or 0
   * @param pages pages referenced
   * @param unshared pages unshared first ({@code gup_must_unshare()})
   * @param faults faults taken
   * @param failedGfpMask the mask of the allocation that failed, or 0
   */
  public record PinResult(
      Outcome outcome, int pinId, int pages, int unshared, int faults, int failedGfpMask) {}

  /**
   * munmap, exit, mprotect, madvise, unpin.
   *
   * @param outcome OK or EINVAL (or ENOMEM when splitting a VMA needed memory; not modelled)
   * @param pagesFreed frames returned to the allocator (data pages)
   * @param pgtablesFreed page-table pages returned to the allocator
   */
  public record ChangeResult(Outcome outcome, int pagesFreed, int pgtablesFreed) {}

  /** @param outcome OK or ENOMEM (the PGD could not be allocated) */
  public record SpawnResult(Outcome outcome, int pid) {}
}
