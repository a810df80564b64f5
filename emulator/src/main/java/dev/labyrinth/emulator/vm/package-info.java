/**
 * Processes' memory: address spaces with VMAs, x86-64 4-level page tables, per-frame metadata,
 * faults, fork with copy-on-write and PageAnonExclusive, GUP pins, and the bleed checker that
 * proves no process reads data another process wrote after a fork. Mirrors Linux 6.18
 * (mm/memory.c, mm/gup.c, mm/mmap.c, include/linux/rmap.h); simplifications are stated next to
 * the code.
 *
 * <p>Dependency rule: imports only {@code sim} and {@code mm} (plus the JDK and Guava). Frames
 * come from a {@link dev.labyrinth.emulator.vm.FrameSource}, so the machine can later make a fault
 * block in direct reclaim.
 *
 * <p>Entry point: {@link dev.labyrinth.emulator.vm.Vm}.
 */
package dev.labyrinth.emulator.vm;
