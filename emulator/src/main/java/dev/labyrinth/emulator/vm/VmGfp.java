package dev.labyrinth.emulator.vm;

import dev.labyrinth.emulator.mm.Gfp;

/** The GFP masks the vm allocates with, each named after the Linux site it mirrors. */
final class VmGfp {
  /**
   * {@code GFP_PGTABLE_USER} = GFP_KERNEL | __GFP_ZERO | __GFP_ACCOUNT
   * (include/asm-generic/pgalloc.h): every user page-table page, the PGD included.
   */
  static final int PGTABLE_USER = Gfp.GFP_KERNEL_ACCOUNT | Gfp.ZERO;

  /**
   * {@code alloc_anon_folio()} at order 0 and {@code vma_alloc_zeroed_movable_folio()}:
   * GFP_HIGHUSER_MOVABLE | __GFP_ZERO, plus __GFP_COMP from {@code folio_alloc_mpol()}.
   */
  static final int ANON_ZEROED = Gfp.GFP_HIGHUSER_MOVABLE | Gfp.ZERO | Gfp.COMP;

  /**
   * {@code folio_prealloc()} for a COW copy of a real page ({@code wp_page_copy()}) and for the
   * eager copy at fork ({@code copy_present_page()}): GFP_HIGHUSER_MOVABLE | __GFP_COMP.
   */
  static final int ANON_COPY = Gfp.GFP_HIGHUSER_MOVABLE | Gfp.COMP;

  /**
   * A shmem page for shared anonymous memory: the mapping's gfp mask, GFP_HIGHUSER_MOVABLE
   * ({@code shmem_get_folio_gfp()}). Simplification: shmem clears the page itself; no swap.
   */
  static final int SHMEM = Gfp.GFP_HIGHUSER_MOVABLE;

  private VmGfp() {}
}
