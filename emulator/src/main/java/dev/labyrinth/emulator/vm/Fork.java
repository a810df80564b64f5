package dev.labyrinth.emulator.vm;

import java.util.ArrayList;
import java.util.List;

/**
 * fork()'s memory half: {@code dup_mmap()} (mm/mmap.c) over the parent's VMAs and
 * {@code copy_page_range()} / {@code copy_pte_range()} / {@code copy_present_ptes()} over each
 * copied private VMA.
 *
 * <ul>
 *   <li>VM_DONTCOPY (MADV_DONTFORK) VMAs are absent in the child.
 *   <li>VM_WIPEONFORK VMAs and shared (shmem) VMAs get no page-table copy
 *       ({@code vma_needs_copy()}): the child faults them in.
 *   <li>A present anonymous page goes through {@code folio_try_dup_anon_rmap_pte()}: if the mm has
 *       MMF_HAS_PINNED, the page may be DMA-pinned and it is PageAnonExclusive, it is copied
 *       eagerly for the child ({@code copy_present_page()}), the parent's PTE untouched;
 *       otherwise PageAnonExclusive is cleared, refcount and mapcount go up, and both PTEs are
 *       write-protected ({@code __copy_present_ptes()}).
 *   <li>An allocation failure (a child page table or an eager copy) fails fork with ENOMEM; the
 *       half-built child is torn down as {@code exit_mmap()} would. As in Linux, the parent keeps
 *       the write-protection and cleared exclusive bits already applied.
 * </ul>
 */
final class Fork {
  private final Vm vm;

  int shared;
  int copied;
  int failedGfpMask;

  Fork(Vm vm) {
    this.vm = vm;
  }

  /** Copies the parent's memory into {@code child}; false on ENOMEM (the child is left to undo). */
  boolean copy(AddressSpace parent, AddressSpace child, int forkId) {
    for (Vma v : parent.vmas.values()) {
      if (v.has(Vma.VM_DONTCOPY)) {
        continue;
      }
      Vma c = v.copy();
      if (c.shmem != null) {
        c.shmem.vmaRefs++;
      }
      child.vmas.put(c.start, c);
      if (v.shared() || v.has(Vma.VM_WIPEONFORK)) {
        continue;
      }
      child.view.putAll(parent.view.subMap(v.startVpn(), v.endVpn()));
      if (!copyPteRange(parent, child, v, forkId)) {
        return false;
      }
    }
    return true;
  }

  private boolean copyPteRange(AddressSpace parent, AddressSpace child, Vma vma, int forkId) {
    List<long[]> present = new ArrayList<>();
    parent.tables.forEach(vma.startVpn(), vma.endVpn(), (vpn, pte) -> present.add(
        new long[] {vpn, pte}));
    Frames f = vm.frames;
    for (long[] e : present) {
      long vpn = e[0];
      long pte = e[1];
      if (!child.tables.ensure(vpn)) {
        failedGfpMask = child.tables.failedGfpMask;
        return false;
      }
      if (Pte.zero(pte)) {
        child.tables.set(vpn, pte);
        continue;
      }
      int pfn = Pte.pfn(pte);
      boolean maybePinned = parent.hasPinned && f.maybeDmaPinned(pfn);
      if (maybePinned && f.has(pfn, Frames.ANON_EXCLUSIVE) && !vm.options.cowBug()) {
        if (!copyPresentPage(child, vma, vpn, pfn)) {
          return false;
        }
        continue;
      }
      // folio_try_dup_anon_rmap_pte() succeeded: share it.
      f.refcount[pfn]++;
      f.mapcount[pfn]++;
      f.clear(pfn, Frames.ANON_EXCLUSIVE);
      f.shareFork[pfn] = forkId;
      long ro = Pte.wrprotect(pte);
      parent.tables.set(vpn, ro);
      child.tables.set(vpn, ro);
      shared++;
      vm.count(VmCounter.FORK_SHARED);
    }
    return true;
  }

  /**
   * {@code copy_present_page()}: a new page for the child with the same contents, mapped
   * writable (if VM_WRITE) and exclusive; the pinned original stays the parent's, untouched.
   */
  private boolean copyPresentPage(AddressSpace child, Vma vma, long vpn, int srcPfn) {
    long pfn = vm.source.allocate(0, VmGfp.ANON_COPY);
    if (pfn < 0) {
      failedGfpMask = VmGfp.ANON_COPY;
      return false;
    }
    vm.frames.init(pfn, (byte) (Frames.ANON | Frames.ANON_EXCLUSIVE), vm.frames.token[srcPfn]);
    vm.frames.mapcount[(int) pfn] = 1;
    child.tables.set(vpn, Pte.make(pfn, vma.has(Vma.VM_WRITE)));
    copied++;
    vm.count(VmCounter.FORK_COPIED);
    return true;
  }
}
