package dev.labyrinth.emulator.vm;

import com.google.common.base.Verify;

/**
 * Page faults on anonymous memory: {@code handle_pte_fault()} and what it calls.
 *
 * <ul>
 *   <li>{@code do_anonymous_page()}: a read maps the shared zero page; a write allocates a zeroed
 *       page (GFP_HIGHUSER_MOVABLE|__GFP_ZERO|__GFP_COMP), PageAnonExclusive, mapped writable.
 *   <li>{@code do_wp_page()}: a write (or FAULT_FLAG_UNSHARE) on a read-only PTE: reuse when the
 *       page is PageAnonExclusive, or when its refcount is 1 ({@code wp_can_reuse_anon_folio()},
 *       then SetPageAnonExclusive); otherwise {@code wp_page_copy()}.
 *   <li>Shared anonymous memory takes the shmem path ({@code shmem_fault()}, {@code
 *       wp_page_shared()}): no copy-on-write.
 * </ul>
 *
 * <p>Simplifications: no LRU batches, swap cache or KSM, so {@code wp_can_reuse_anon_folio()}
 * is exactly "refcount == 1"; no memcg charge; no PTE-changed race (one thread per run).
 */
final class Faults {
  enum Kind {
    READ, WRITE, UNSHARE;

    String traceName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final Vm vm;
  /** The mask of the allocation that failed in the last fault, or 0. */
  int failedGfpMask;

  Faults(Vm vm) {
    this.vm = vm;
  }

  /** Handles one fault; true unless it returned VM_FAULT_OOM. The caller checked VMA access. */
  boolean handle(AddressSpace mm, Vma vma, long vpn, Kind kind) {
    failedGfpMask = 0;
    vm.count(VmCounter.PGFAULT);
    String outcome;
    long pte = mm.tables.get(vpn);
    if (pte == 0) {
      if (!mm.tables.ensure(vpn)) {
        failedGfpMask = mm.tables.failedGfpMask;
        outcome = "oom";
      } else if (vma.shared()) {
        outcome = shmemFault(mm, vma, vpn, kind);
      } else {
        outcome = doAnonymousPage(mm, vma, vpn, kind);
      }
    } else if (vma.shared()) {
      Verify.verify(kind == Kind.WRITE, "unshare or read fault on a present shared PTE");
      mm.tables.set(vpn, Pte.mkwrite(pte)); // wp_page_shared(): no COW
      outcome = "shared";
    } else {
      outcome = doWpPage(mm, vma, vpn, pte, kind);
    }
    if (outcome.equals("oom") && vm.source.mustRetry()) {
      outcome = "retry"; // VM_FAULT_RETRY: the task sleeps in reclaim, then faults again
    } else if (outcome.equals("oom")) {
      vm.count(VmCounter.FAULT_OOM);
    }
    if (vm.trace.enabled()) {
      long now = mm.tables.get(vpn);
      vm.trace.begin("vm_fault")
          .put("proc", mm.pid)
          .put("address", VmTrace.hex(vpn << 12))
          .put("kind", kind.traceName())
          .put("outcome", outcome)
          .put("pfn", Pte.present(now) && !Pte.zero(now) ? Pte.pfn(now) : -1)
          .end();
    }
    return !outcome.equals("oom") && !outcome.equals("retry");
  }

  /** {@code do_anonymous_page()}. */
  private String doAnonymousPage(AddressSpace mm, Vma vma, long vpn, Kind kind) {
    if (kind == Kind.READ) {
      mm.tables.set(vpn, Pte.zeroPage());
      vm.count(VmCounter.ZERO_PAGE_MAPPED);
      return "zero_page";
    }
    Verify.verify(kind == Kind.WRITE, "unshare fault on an empty PTE");
    long pfn = vm.source.allocate(0, VmGfp.ANON_ZEROED);
    if (pfn < 0) {
      failedGfpMask = VmGfp.ANON_ZEROED;
      return "oom";
    }
    // folio_add_new_anon_rmap(RMAP_EXCLUSIVE): the allocation's reference becomes the mapping's.
    vm.frames.init(pfn, (byte) (Frames.ANON | Frames.ANON_EXCLUSIVE), 0);
    vm.frames.mapcount[(int) pfn] = 1;
    mm.tables.set(vpn, Pte.make(pfn, vma.has(Vma.VM_WRITE)));
    vm.count(VmCounter.ANON_NEW);
    return "new";
  }

  /** {@code shmem_fault()} then {@code finish_fault()}: find or add the page-cache page, map it. */
  private String shmemFault(AddressSpace mm, Vma vma, long vpn, Kind kind) {
    long index = vma.shmemIndex(vpn);
    Long cached = vma.shmem.pages.get(index);
    long pfn;
    String outcome = "shmem_hit";
    if (cached == null) {
      pfn = vm.source.allocate(0, VmGfp.SHMEM);
      if (pfn < 0) {
        failedGfpMask = VmGfp.SHMEM;
        return "oom";
      }
      vm.frames.init(pfn, Frames.SHMEM, 0); // the page cache's reference
      vma.shmem.pages.put(index, pfn);
      outcome = "shmem_new";
    } else {
      pfn = cached;
    }
    int i = (int) pfn;
    vm.frames.refcount[i]++;
    vm.frames.mapcount[i]++;
    // Simplification: shmem needs no write-notify, so a shared PTE is writable whenever the VMA
    // is, read fault or not.
    mm.tables.set(vpn, Pte.make(pfn, vma.has(Vma.VM_WRITE)));
    return outcome;
  }

  /** {@code do_wp_page()} for a private mapping (write or unshare on a read-only PTE). */
  private String doWpPage(AddressSpace mm, Vma vma, long vpn, long pte, Kind kind) {
    boolean unshare = kind == Kind.UNSHARE;
    if (Pte.zero(pte)) {
      return wpPageCopy(mm, vma, vpn, pte, unshare);
    }
    int pfn = Pte.pfn(pte);
    Frames f = vm.frames;
    Verify.verify(f.has(pfn, Frames.ANON), "private PTE to a non-anon page");
    boolean reuse;
    if (vm.options.cowBug()) {
      // CVE-2020-29374: the pre-5.8 reuse test looked at the mapcount alone.
      reuse = f.mapcount[pfn] == 1;
    } else {
      reuse = f.has(pfn, Frames.ANON_EXCLUSIVE) || f.refcount[pfn] == 1;
    }
    if (!reuse) {
      return wpPageCopy(mm, vma, vpn, pte, unshare);
    }
    f.set(pfn, Frames.ANON_EXCLUSIVE); // folio_move_anon_rmap() + SetPageAnonExclusive()
    if (unshare) {
      vm.count(VmCounter.UNSHARE_REUSE);
      return "unshare_reuse";
    }
    // wp_page_reuse(): maybe_mkwrite(); the caller made sure the VMA has VM_WRITE.
    mm.tables.set(vpn, Pte.mkwrite(pte));
    vm.count(VmCounter.PGREUSE);
    return "reuse";
  }

  /**
   * {@code wp_page_copy()}: a new exclusive page (zeroed for the zero page, else a copy), the PTE
   * switched to it (writable for a write fault, read-only for an unshare), and only then the old
   * page's mapcount and reference dropped.
   */
  private String wpPageCopy(AddressSpace mm, Vma vma, long vpn, long pte, boolean unshare) {
    boolean fromZero = Pte.zero(pte);
    int gfp = fromZero ? VmGfp.ANON_ZEROED : VmGfp.ANON_COPY;
    long pfn = vm.source.allocate(0, gfp);
    if (pfn < 0) {
      failedGfpMask = gfp;
      return "oom";
    }
    long token = fromZero ? 0 : vm.frames.token[Pte.pfn(pte)];
    vm.frames.init(pfn, (byte) (Frames.ANON | Frames.ANON_EXCLUSIVE), token);
    vm.frames.mapcount[(int) pfn] = 1;
    boolean writable = !unshare && vma.has(Vma.VM_WRITE);
    long newPte = Pte.make(pfn, writable);
    if (!writable && Pte.softDirty(pte)) {
      newPte |= Pte.SOFT_DIRTY;
    }
    mm.tables.set(vpn, newPte);
    if (!fromZero) {
      vm.unmapPage(Pte.pfn(pte));
    }
    vm.count(unshare ? VmCounter.COW_UNSHARE : VmCounter.COW_COPY);
    return unshare ? "unshare_copy" : "copy";
  }
}
