package dev.labyrinth.emulator.vm;

import static com.google.common.base.Verify.verify;

import java.util.TreeMap;

/**
 * The vm's invariants, recomputed from scratch (linux-mm.md section 13, items 10 to 15, plus the
 * bookkeeping they rest on):
 *
 * <ul>
 *   <li>every frame's refcount is exactly its PTE mappings + shmem page-cache reference +
 *       FOLL_GET references + GUP_PIN_COUNTING_BIAS per FOLL_PIN (+1 for a page-table page), so
 *       refcount >= mapcount + pins, and no frame is leaked;
 *   <li>mapcount equals the number of PTEs mapping the frame;
 *   <li>a PageAnonExclusive page is anonymous and mapped at most once;
 *   <li>a writable PTE never points at the zero page, and a writable private PTE points at an
 *       exclusive anonymous page mapped once (so never at a shared one);
 *   <li>a shared PTE points at its shmem object's page for that index;
 *   <li>page-table pages: each table's entry count is right, and the frames marked PGTABLE are
 *       exactly the tables of live processes;
 *   <li>each process's private memory holds the tokens its view says.
 * </ul>
 */
final class VmInvariants {
  private final Vm vm;
  private final Frames f;
  private final int[] mapped;
  private final int[] pinned;
  private final int[] got;
  private final int[] cached;
  private final TreeMap<Integer, ShmemObject> objects = new TreeMap<>();

  VmInvariants(Vm vm) {
    this.vm = vm;
    this.f = vm.frames;
    int n = f.capacity();
    mapped = new int[n];
    pinned = new int[n];
    got = new int[n];
    cached = new int[n];
  }

  void check() {
    long tables = 0;
    for (AddressSpace mm : vm.processes.values()) {
      int counted = mm.tables.countAndCheck();
      verify(counted == mm.tables.tables(), "pid %s: %s tables counted, %s accounted", mm.pid,
          counted, mm.tables.tables());
      tables += counted;
      checkMappings(mm);
    }
    for (ShmemObject o : objects.values()) {
      int refs = 0;
      for (AddressSpace mm : vm.processes.values()) {
        for (Vma v : mm.vmas.values()) {
          refs += v.shmem == o ? 1 : 0;
        }
      }
      verify(refs == o.vmaRefs, "shmem %s: %s VMAs, vmaRefs %s", o.id, refs, o.vmaRefs);
      for (long pfn : o.pages.values()) {
        cached[(int) pfn]++;
      }
    }
    for (Pin p : vm.pins.values()) {
      for (long pfn : p.pfns) {
        if (pfn >= 0) {
          (p.kind.follPin() ? pinned : got)[(int) pfn]++;
        }
      }
    }
    long pgtableFrames = 0;
    for (int pfn = 0; pfn < f.capacity(); pfn++) {
      if (f.has(pfn, Frames.PGTABLE)) {
        pgtableFrames++;
        verify(f.refcount[pfn] == 1 && f.mapcount[pfn] == 0, "table pfn 0x%s has refs",
            Integer.toHexString(pfn));
        continue;
      }
      int expected = mapped[pfn] + cached[pfn] + got[pfn]
          + Frames.GUP_PIN_COUNTING_BIAS * pinned[pfn];
      verify(f.refcount[pfn] == expected, "pfn 0x%s: refcount %s, references %s (mapped %s,"
          + " cached %s, gets %s, pins %s)", Integer.toHexString(pfn), f.refcount[pfn], expected,
          mapped[pfn], cached[pfn], got[pfn], pinned[pfn]);
      verify(f.mapcount[pfn] == mapped[pfn], "pfn 0x%s: mapcount %s, mapped by %s PTEs",
          Integer.toHexString(pfn), f.mapcount[pfn], mapped[pfn]);
      verify(f.pins[pfn] == pinned[pfn] && f.gets[pfn] == got[pfn], "pfn 0x%s: pin counts",
          Integer.toHexString(pfn));
      verify(f.refcount[pfn] >= f.mapcount[pfn] + f.pins[pfn], "refcount < mapcount + pins");
      if (f.has(pfn, Frames.ANON_EXCLUSIVE)) {
        verify(f.has(pfn, Frames.ANON) && f.mapcount[pfn] <= 1,
            "PageAnonExclusive pfn 0x%s mapped %s times", Integer.toHexString(pfn),
            f.mapcount[pfn]);
      }
    }
    verify(pgtableFrames == tables, "%s PGTABLE frames, %s tables", pgtableFrames, tables);
  }

  private void checkMappings(AddressSpace mm) {
    for (Vma v : mm.vmas.values()) {
      if (v.shmem != null) {
        objects.put(v.shmem.id, v.shmem);
      }
      mm.tables.forEach(v.startVpn(), v.endVpn(), (vpn, pte) -> {
        String where = "pid " + mm.pid + " vpn 0x" + Long.toHexString(vpn);
        if (Pte.zero(pte)) {
          verify(!Pte.writable(pte), "%s: writable zero page", where);
          verify(!v.shared(), "%s: zero page in a shared mapping", where);
          verify(mm.view.getOrDefault(vpn, 0L) == 0, "%s: zero page but a write expected", where);
          return;
        }
        int pfn = Pte.pfn(pte);
        verify(pfn < f.capacity() && f.refcount[pfn] > 0, "%s: PTE to a free frame", where);
        mapped[pfn]++;
        if (v.shared()) {
          Long page = v.shmem.pages.get(v.shmemIndex(vpn));
          verify(page != null && page == pfn && f.has(pfn, Frames.SHMEM),
              "%s: shared PTE not to its shmem page", where);
          return;
        }
        verify(f.has(pfn, Frames.ANON), "%s: private PTE to a non-anonymous page", where);
        if (Pte.writable(pte)) {
          verify(f.has(pfn, Frames.ANON_EXCLUSIVE) && f.mapcount[pfn] == 1,
              "%s: writable PTE to a shared anonymous page 0x%s", where,
              Integer.toHexString(pfn));
        }
        verify(f.token[pfn] == mm.view.getOrDefault(vpn, 0L),
            "%s: page holds token %s, the process's view says %s", where, f.token[pfn],
            mm.view.getOrDefault(vpn, 0L));
      });
    }
    for (Long vpn : mm.view.keySet()) {
      Vma v = mm.find(vpn << 12);
      verify(v != null && !v.shared(), "pid %s: view entry outside private memory", mm.pid);
    }
  }
}
