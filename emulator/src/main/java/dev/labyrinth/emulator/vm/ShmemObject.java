package dev.labyrinth.emulator.vm;

import java.util.TreeMap;

/**
 * The shmem file behind a MAP_SHARED|MAP_ANONYMOUS mapping ({@code shmem_zero_setup()}): its
 * page cache (index to pfn; each cached page holds one reference) and, for the bleed checker,
 * the token each page should hold (writes through any mapping are meant to be seen by all).
 * Lives while any VMA maps it.
 *
 * <p>Simplification: no swap, no truncation, no huge pages.
 */
final class ShmemObject {
  final int id;
  final TreeMap<Long, Long> pages = new TreeMap<>();
  final TreeMap<Long, Long> expectedTokens = new TreeMap<>();
  int vmaRefs;

  ShmemObject(int id) {
    this.id = id;
  }
}
