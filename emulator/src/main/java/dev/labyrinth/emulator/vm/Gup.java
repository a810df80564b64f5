package dev.labyrinth.emulator.vm;

/**
 * {@code __get_user_pages()} for one page (mm/gup.c): fault the page in as the flags need
 * ({@code faultin_page()}), unshare it when {@code gup_must_unshare()} says so, then take the
 * reference ({@code try_grab_folio()}: FOLL_GET +1, FOLL_PIN +GUP_PIN_COUNTING_BIAS and
 * MMF_HAS_PINNED).
 *
 * <p>Simplifications: no GUP-fast (it would take the same decisions here), no FOLL_FORCE.
 */
final class Gup {
  /** The follow/fault loop needs at most: fault in, write or unshare, then follow. */
  private static final int RETRIES_MAX = 4;

  private final Vm vm;
  int faults;
  int unshared;
  int failedGfpMask;

  Gup(Vm vm) {
    this.vm = vm;
  }

  /**
   * Faults and references one page; returns the pfn (-1 for the zero page), or
   * {@link Long#MIN_VALUE} when a fault returned VM_FAULT_OOM.
   */
  long grab(AddressSpace mm, Vma vma, long vpn, PinKind kind) {
    for (int attempt = 0; attempt < RETRIES_MAX; attempt++) {
      long pte = mm.tables.get(vpn);
      Faults.Kind fault = null;
      if (pte == 0) {
        fault = kind.follWrite() ? Faults.Kind.WRITE : Faults.Kind.READ;
      } else if (kind.follWrite() && !Pte.writable(pte)) {
        fault = Faults.Kind.WRITE;
      } else if (mustUnshare(vma, pte, kind)) {
        fault = Faults.Kind.UNSHARE;
        unshared++;
      }
      if (fault == null) {
        return take(mm, pte, kind);
      }
      faults++;
      if (!vm.faults.handle(mm, vma, vpn, fault)) {
        failedGfpMask = vm.faults.failedGfpMask;
        return Long.MIN_VALUE;
      }
    }
    throw new com.google.common.base.VerifyException("GUP did not settle at vpn " + vpn);
  }

  /**
   * {@code gup_must_unshare()}: only FOLL_PIN without FOLL_WRITE; an anonymous page must be
   * unshared unless PageAnonExclusive; any other page (the zero page here) only for FOLL_LONGTERM
   * in a COW mapping. Under {@link VmOptions#cowBug()} nothing is unshared (pre-5.8).
   */
  private boolean mustUnshare(Vma vma, long pte, PinKind kind) {
    if (!kind.follPin() || kind.follWrite() || vm.options.cowBug()) {
      return false;
    }
    if (Pte.zero(pte) || !vm.frames.has(Pte.pfn(pte), Frames.ANON)) {
      return kind.longterm() && vma.cowMapping();
    }
    return !vm.frames.has(Pte.pfn(pte), Frames.ANON_EXCLUSIVE);
  }

  private long take(AddressSpace mm, long pte, PinKind kind) {
    if (Pte.zero(pte)) {
      return -1; // the zero page is not refcounted
    }
    int pfn = Pte.pfn(pte);
    if (kind.follPin()) {
      vm.frames.refcount[pfn] += Frames.GUP_PIN_COUNTING_BIAS;
      vm.frames.pins[pfn]++;
      mm.hasPinned = true;
      vm.count(VmCounter.NR_FOLL_PIN_ACQUIRED);
    } else {
      vm.frames.refcount[pfn]++;
      vm.frames.gets[pfn]++;
    }
    return pfn;
  }
}
