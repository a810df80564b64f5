package dev.labyrinth.emulator.vm;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.base.Verify;
import java.util.Arrays;

/**
 * Per-frame metadata as struct-of-arrays indexed by pfn ({@code struct page} / small
 * {@code struct folio} fields), grown on demand up to {@link FrameSource#endPfn()} so that a
 * large emulated machine costs heap only for the frames the vm has touched.
 *
 * <ul>
 *   <li>{@code refcount}: {@code _refcount}. One per PTE mapping, one per page-cache
 *       (shmem) reference, one per FOLL_GET, {@link #GUP_PIN_COUNTING_BIAS} per FOLL_PIN, one
 *       for a page-table page.
 *   <li>{@code mapcount}: the number of PTE mappings ({@code _mapcount + 1}; 0 = unmapped).
 *   <li>{@code pins}, {@code gets}: exact FOLL_PIN and FOLL_GET counts. Linux does not keep
 *       them for small folios (it infers "maybe pinned" from the bias); the checker does.
 *   <li>{@code token}: the content token; 0 means all zeroes.
 *   <li>{@code shareFork}: the fork (by number) that last shared this frame, for violation
 *       reports; 0 = never shared by a fork.
 * </ul>
 *
 * <p>Simplification: small (order-0) folios only; no THP, so no {@code _pincount}.
 */
final class Frames {
  /** {@code GUP_PIN_COUNTING_BIAS} (include/linux/mm.h). */
  static final int GUP_PIN_COUNTING_BIAS = 1024;

  static final byte ANON = 1;
  /** {@code PageAnonExclusive}. */
  static final byte ANON_EXCLUSIVE = 2;
  /** A page-table page (PageTable / {@code pagetable_alloc}). */
  static final byte PGTABLE = 4;
  /** A shmem page-cache page (shared anonymous memory). */
  static final byte SHMEM = 8;

  private final long endPfn;
  int[] refcount = new int[0];
  int[] mapcount = new int[0];
  byte[] flags = new byte[0];
  int[] pins = new int[0];
  int[] gets = new int[0];
  long[] token = new long[0];
  int[] shareFork = new int[0];

  Frames(long endPfn) {
    checkArgument(endPfn >= 0 && endPfn <= Integer.MAX_VALUE, "endPfn %s out of range", endPfn);
    this.endPfn = endPfn;
  }

  /** Frames whose metadata exists (all others are untouched: free, refcount 0). */
  int capacity() {
    return refcount.length;
  }

  /** Starts the life of a freshly allocated frame: refcount 1 (the allocation's), no flags. */
  void init(long pfn, byte initialFlags, long initialToken) {
    Verify.verify(pfn >= 0 && pfn < endPfn, "pfn %s outside the frame source", pfn);
    grow((int) pfn);
    int i = (int) pfn;
    Verify.verify(refcount[i] == 0, "pfn 0x%s allocated while in use", Long.toHexString(pfn));
    refcount[i] = 1;
    mapcount[i] = 0;
    flags[i] = initialFlags;
    pins[i] = 0;
    gets[i] = 0;
    token[i] = initialToken;
    shareFork[i] = 0;
  }

  boolean has(int pfn, byte flag) {
    return (flags[pfn] & flag) != 0;
  }

  void set(int pfn, byte flag) {
    flags[pfn] |= flag;
  }

  void clear(int pfn, byte flag) {
    flags[pfn] &= (byte) ~flag;
  }

  /**
   * {@code folio_maybe_dma_pinned()} for a small folio: refcount >= GUP_PIN_COUNTING_BIAS (false
   * positives possible, as in Linux).
   */
  boolean maybeDmaPinned(int pfn) {
    return refcount[pfn] >= GUP_PIN_COUNTING_BIAS;
  }

  /**
   * {@code folio_put()}: drops {@code n} references; true when the last one went and the caller
   * must free the frame.
   */
  boolean put(int pfn, int n) {
    refcount[pfn] -= n;
    Verify.verify(refcount[pfn] >= 0, "refcount underflow on pfn 0x%s", Integer.toHexString(pfn));
    if (refcount[pfn] == 0) {
      flags[pfn] = 0;
      token[pfn] = 0;
      return true;
    }
    return false;
  }

  private void grow(int pfn) {
    if (pfn < refcount.length) {
      return;
    }
    int size = (int) Math.min(endPfn, Math.max(64L, Math.max(pfn + 1L, 2L * refcount.length)));
    refcount = Arrays.copyOf(refcount, size);
    mapcount = Arrays.copyOf(mapcount, size);
    flags = Arrays.copyOf(flags, size);
    pins = Arrays.copyOf(pins, size);
    gets = Arrays.copyOf(gets, size);
    token = Arrays.copyOf(token, size);
    shareFork = Arrays.copyOf(shareFork, size);
  }
}
