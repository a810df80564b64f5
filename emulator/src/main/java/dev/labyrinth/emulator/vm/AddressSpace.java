package dev.labyrinth.emulator.vm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One process's {@code struct mm_struct}: its VMAs (by start address), page tables,
 * MMF_HAS_PINNED, and the bleed checker's view of what its private memory must contain (virtual
 * page to token; absent means zeroes).
 *
 * <p>Simplification: no ASLR; {@code get_unmapped_area()} is top-down from a fixed
 * {@link #MMAP_BASE}, first fit.
 */
final class AddressSpace {
  /** TASK_SIZE_MAX (47-bit) minus the 128 MiB minimum stack gap of {@code mmap_base()}. */
  static final long MMAP_BASE = 0x7ffff7fff000L;
  /** {@code vm.mmap_min_addr} default on x86-64. */
  static final long MMAP_MIN_ADDR = 0x10000L;

  final int pid;
  final TreeMap<Long, Vma> vmas = new TreeMap<>();
  final PageTables tables;
  /** The bleed checker's view of private anonymous memory: vpn -> token. */
  final TreeMap<Long, Long> view = new TreeMap<>();
  /** MMF_HAS_PINNED: set by the first FOLL_PIN, never cleared. */
  boolean hasPinned;

  AddressSpace(int pid, PageTables tables) {
    this.pid = pid;
    this.tables = tables;
  }

  /** {@code vma_lookup()}: the VMA containing {@code addr}, or null. */
  Vma find(long addr) {
    Map.Entry<Long, Vma> e = vmas.floorEntry(addr);
    return e != null && e.getValue().end > addr ? e.getValue() : null;
  }

  /** {@code get_unmapped_area()} top-down; -1 when no gap fits. */
  long unmappedArea(long lengthBytes) {
    long high = MMAP_BASE;
    for (Vma v : vmas.descendingMap().values()) {
      if (v.start >= high) {
        continue;
      }
      if (v.end <= high && high - v.end >= lengthBytes) {
        return high - lengthBytes;
      }
      high = Math.min(high, v.start);
    }
    return high - lengthBytes >= MMAP_MIN_ADDR ? high - lengthBytes : -1;
  }

  /** {@code split_vma()} so that a VMA boundary falls at {@code addr} (if a VMA spans it). */
  void splitAt(long addr) {
    Vma v = find(addr);
    if (v == null || v.start == addr) {
      return;
    }
    Vma upper = v.copy();
    upper.start = addr;
    if (upper.shmem != null) {
      upper.pgoff = v.pgoff + ((addr - v.start) >>> 12);
      upper.shmem.vmaRefs++;
    }
    v.end = addr;
    vmas.put(addr, upper);
  }

  /** The VMAs inside [start, end) after splitting at both ends, ascending. */
  List<Vma> isolate(long start, long end) {
    splitAt(start);
    splitAt(end);
    return new ArrayList<>(vmas.subMap(start, true, end, false).values());
  }

  /** Whether [start, end) is fully covered by VMAs with no hole. */
  boolean covered(long start, long end) {
    long at = start;
    while (at < end) {
      Vma v = find(at);
      if (v == null) {
        return false;
      }
      at = v.end;
    }
    return true;
  }
}
