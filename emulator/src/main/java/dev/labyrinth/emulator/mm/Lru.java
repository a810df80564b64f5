package dev.labyrinth.emulator.mm;

/** Which reclaim list a page goes on: page cache ({@code LRU_*_FILE}) or anonymous memory. */
public enum Lru {
  FILE,
  ANON
}
