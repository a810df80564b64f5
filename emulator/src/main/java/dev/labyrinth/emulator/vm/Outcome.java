package dev.labyrinth.emulator.vm;

import java.util.Locale;

/** How a vm operation ended, as the emulated process would see it. Never an exception. */
public enum Outcome {
  OK,
  /** A system call failed for lack of memory (fork, mmap, GUP). */
  ENOMEM,
  /** Bad arguments the kernel rejects (unaligned address, unknown advice, ...). */
  EINVAL,
  /** GUP on an address that is not mapped or not accessible as asked. */
  EFAULT,
  /** An access outside any VMA or against its protection: the process would get SIGSEGV. */
  SIGSEGV,
  /**
   * A page fault returned VM_FAULT_OOM: an allocation failed. Linux would now run
   * {@code pagefault_out_of_memory()} and retry; the caller decides (see the result's failed
   * mask).
   */
  OOM;

  /** The lower-case name used in trace records. */
  public String traceName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
