package dev.labyrinth.emulator.vm;

/** The constants of the mmap, mprotect and madvise system calls, with Linux's values (uapi). */
public final class Mman {
  public static final int PROT_NONE = 0;
  public static final int PROT_READ = 1;
  public static final int PROT_WRITE = 2;

  /** Shared anonymous memory (shmem-backed). MAP_ANONYMOUS is implied: no file mappings yet. */
  public static final int MAP_SHARED = 0x01;
  /** Private anonymous memory, copy-on-write across fork. */
  public static final int MAP_PRIVATE = 0x02;

  public static final int MADV_DONTFORK = 10;
  public static final int MADV_DOFORK = 11;
  public static final int MADV_WIPEONFORK = 18;
  public static final int MADV_KEEPONFORK = 19;

  /** Bytes per page (x86-64, 4 KiB). */
  public static final long PAGE_SIZE_BYTES = 4096;

  private Mman() {}
}
