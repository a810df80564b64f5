package dev.labyrinth.emulator.vm;

import com.google.common.base.Verify;

/**
 * The x86-64 4-level page tables of one mm (PGD, PUD, PMD, PTE; 512 entries each; 4 KiB pages),
 * every table page allocated from the {@link FrameSource} with GFP_PGTABLE_USER, as
 * {@code __pte_alloc()}, {@code __pmd_alloc()}, {@code __pud_alloc()} and {@code pgd_alloc()} do.
 *
 * <p>Simplifications: P4D is folded (no 5-level paging); the PGD is one order-0 page (no PTI);
 * {@link #freeEmpty()} frees every empty table below the PGD, which is what
 * {@code free_pgtables()} achieves once no VMA is left in a table's span.
 */
final class PageTables {
  private final FrameSource source;
  private final Frames frames;
  private PageTable pgd;
  private int tables;

  /** Set after a failed table allocation: the mask that failed. */
  int failedGfpMask;

  private PageTables(FrameSource source, Frames frames) {
    this.source = source;
    this.frames = frames;
  }

  /** {@code mm_alloc_pgd()}; null when the PGD allocation failed. */
  static PageTables create(FrameSource source, Frames frames) {
    PageTables pt = new PageTables(source, frames);
    pt.pgd = pt.allocTable(PageTable.PGD);
    return pt.pgd == null ? null : pt;
  }

  /** Page-table pages this mm holds, the PGD included ({@code mm_pgtables_bytes} / 4 KiB). */
  int tables() {
    return tables;
  }

  private PageTable allocTable(int level) {
    long pfn = source.allocate(0, VmGfp.PGTABLE_USER);
    if (pfn < 0) {
      failedGfpMask = VmGfp.PGTABLE_USER;
      return null;
    }
    frames.init(pfn, Frames.PGTABLE, 0);
    tables++;
    return new PageTable(level, pfn);
  }

  private void freeTable(PageTable t) {
    Verify.verify(t.used == 0, "freeing a non-empty page table");
    if (frames.put((int) t.pfn, 1)) {
      source.free(t.pfn, 0);
    }
    tables--;
  }

  /** The PTE of {@code vpn}, or 0 ({@code pte_none}) when no table covers it. */
  long get(long vpn) {
    PageTable t = leaf(vpn, false);
    return t == null ? 0 : t.ptes[t.index(vpn)];
  }

  /**
   * Allocates the missing tables down to the PTE table of {@code vpn}. False when an allocation
   * failed ({@link #failedGfpMask} says which); tables allocated so far stay, as in Linux.
   */
  boolean ensure(long vpn) {
    return leaf(vpn, true) != null;
  }

  /** Stores {@code pte} (0 clears); the PTE table must exist ({@link #ensure}). */
  void set(long vpn, long pte) {
    PageTable t = leaf(vpn, false);
    Verify.verifyNotNull(t, "no PTE table for vpn 0x%s", Long.toHexString(vpn));
    int i = t.index(vpn);
    long old = t.ptes[i];
    if (old == 0 && pte != 0) {
      t.used++;
    } else if (old != 0 && pte == 0) {
      t.used--;
    }
    t.ptes[i] = pte;
  }

  private PageTable leaf(long vpn, boolean allocate) {
    PageTable t = pgd;
    while (t.level > PageTable.PTE) {
      int i = t.index(vpn);
      PageTable next = t.children[i];
      if (next == null) {
        if (!allocate) {
          return null;
        }
        next = allocTable(t.level - 1);
        if (next == null) {
          return null;
        }
        t.children[i] = next;
        t.used++;
      }
      t = next;
    }
    return t;
  }

  /** Visits present PTEs with {@code fromVpn <= vpn < toVpn} in ascending order. */
  void forEach(long fromVpn, long toVpn, PteVisitor visitor) {
    walk(pgd, 0, fromVpn, toVpn, visitor);
  }

  private static void walk(PageTable t, long baseVpn, long from, long to, PteVisitor v) {
    long span = 1L << (9 * (t.level - 1));
    for (int i = 0; i < PageTable.ENTRIES; i++) {
      long lo = baseVpn + i * span;
      if (lo >= to) {
        return;
      }
      if (lo + span <= from) {
        continue;
      }
      if (t.level == PageTable.PTE) {
        if (t.ptes[i] != 0) {
          v.visit(lo, t.ptes[i]);
        }
      } else if (t.children[i] != null) {
        walk(t.children[i], lo, from, to, v);
      }
    }
  }

  /** Frees every table below the PGD that holds no entry; returns how many. */
  int freeEmpty() {
    int before = tables;
    sweep(pgd);
    return before - tables;
  }

  private void sweep(PageTable t) {
    if (t.level == PageTable.PTE) {
      return;
    }
    for (int i = 0; i < PageTable.ENTRIES; i++) {
      PageTable c = t.children[i];
      if (c == null) {
        continue;
      }
      sweep(c);
      if (c.used == 0) {
        freeTable(c);
        t.children[i] = null;
        t.used--;
      }
    }
  }

  /** {@code mm_free_pgd()} at exit; every other table must already be gone. */
  int freeAll() {
    int n = freeEmpty();
    Verify.verify(pgd.used == 0, "PGD still points at tables at exit");
    freeTable(pgd);
    pgd = null;
    return n + 1;
  }

  /** Counts the tables by walking (for invariants) and checks each table's {@code used}. */
  int countAndCheck() {
    return pgd == null ? 0 : count(pgd);
  }

  private int count(PageTable t) {
    int n = 1;
    int used = 0;
    Verify.verify(frames.has((int) t.pfn, Frames.PGTABLE), "table page not marked PGTABLE");
    for (int i = 0; i < PageTable.ENTRIES; i++) {
      if (t.level == PageTable.PTE) {
        used += t.ptes[i] != 0 ? 1 : 0;
      } else if (t.children[i] != null) {
        used++;
        n += count(t.children[i]);
      }
    }
    Verify.verify(used == t.used, "table at pfn 0x%s: used %s, counted %s",
        Long.toHexString(t.pfn), t.used, used);
    return n;
  }

  /** A callback over present PTEs. */
  interface PteVisitor {
    void visit(long vpn, long pte);
  }
}
