package dev.labyrinth.emulator.vm;

/**
 * One {@code struct vm_area_struct}: [start, end) with its {@code vm_flags}; for shared
 * anonymous memory the shmem object and the page offset of {@code start} in it.
 *
 * <p>Simplifications: anonymous memory only (no files); VMAs are split by mprotect and madvise
 * ({@code split_vma()}) but never merged again ({@code vma_merge()}), which changes no behaviour
 * the model observes; no VM_LOCKED, no anon_vma objects (rmap is not needed without reclaim).
 */
final class Vma {
  static final int VM_READ = 0x1;
  static final int VM_WRITE = 0x2;
  static final int VM_SHARED = 0x8;
  static final int VM_MAYWRITE = 0x20;
  static final int VM_MAYSHARE = 0x80;
  /** MADV_DONTFORK. */
  static final int VM_DONTCOPY = 0x20000;
  /** New VMAs have it: soft-dirty tracking is off until clear_refs clears it. */
  static final int VM_SOFTDIRTY = 0x8000000;
  static final int VM_WIPEONFORK = 0x2000000;

  long start;
  long end;
  int flags;
  final ShmemObject shmem;
  /** Page offset of {@link #start} inside {@link #shmem}. */
  long pgoff;

  Vma(long start, long end, int flags, ShmemObject shmem, long pgoff) {
    this.start = start;
    this.end = end;
    this.flags = flags;
    this.shmem = shmem;
    this.pgoff = pgoff;
  }

  Vma copy() {
    return new Vma(start, end, flags, shmem, pgoff);
  }

  boolean has(int flag) {
    return (flags & flag) != 0;
  }

  boolean shared() {
    return has(VM_SHARED);
  }

  /** {@code is_cow_mapping()}: VM_MAYWRITE set, VM_SHARED clear. */
  boolean cowMapping() {
    return (flags & (VM_SHARED | VM_MAYSHARE | VM_MAYWRITE)) == VM_MAYWRITE;
  }

  /** {@code vma_soft_dirty_enabled()}. */
  boolean softDirtyEnabled() {
    return !has(VM_SOFTDIRTY);
  }

  long startVpn() {
    return start >>> 12;
  }

  long endVpn() {
    return end >>> 12;
  }

  /** The shmem page offset of virtual page {@code vpn}. */
  long shmemIndex(long vpn) {
    return pgoff + (vpn - startVpn());
  }
}
