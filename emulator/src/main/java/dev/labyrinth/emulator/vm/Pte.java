package dev.labyrinth.emulator.vm;

/**
 * A page-table entry as a {@code long}: the pfn above bit 12 and flag bits below, like an x86-64
 * PTE. 0 is {@code pte_none}. The zero page has the special bit and no pfn: Linux's
 * {@code empty_zero_page} lives in the kernel image, outside the buddy allocator, and
 * {@code vm_normal_page()} returns NULL for it.
 *
 * <p>Simplifications: no accessed/dirty bits (we never reclaim or write back), no swap or
 * migration entries, no uffd-wp.
 */
final class Pte {
  static final long PRESENT = 1;
  static final long WRITE = 2;
  /** {@code _PAGE_SOFT_DIRTY}: set by every write mapping, cleared by clear_refs. */
  static final long SOFT_DIRTY = 4;
  /** {@code pte_special}: the shared zero page. */
  static final long SPECIAL = 8;

  private Pte() {}

  static long make(long pfn, boolean writable) {
    return (pfn << 12) | PRESENT | (writable ? WRITE | SOFT_DIRTY : 0);
  }

  static long zeroPage() {
    return PRESENT | SPECIAL;
  }

  static boolean present(long pte) {
    return (pte & PRESENT) != 0;
  }

  static boolean writable(long pte) {
    return (pte & WRITE) != 0;
  }

  static boolean zero(long pte) {
    return (pte & SPECIAL) != 0;
  }

  static boolean softDirty(long pte) {
    return (pte & SOFT_DIRTY) != 0;
  }

  static int pfn(long pte) {
    return (int) (pte >>> 12);
  }

  /** {@code pte_wrprotect}. */
  static long wrprotect(long pte) {
    return pte & ~WRITE;
  }

  /** {@code pte_mkwrite} (with the soft-dirty bit a write mapping implies). */
  static long mkwrite(long pte) {
    return pte | WRITE | SOFT_DIRTY;
  }
}
