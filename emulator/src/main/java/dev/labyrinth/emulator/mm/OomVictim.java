package dev.labyrinth.emulator.mm;

/**
 * A task the OOM killer may kill, as {@code oom_badness()} would rank it.
 *
 * @param pid the task's pid
 * @param comm its name
 * @param rssPages pages it holds (for the trace; the machine frees them when it kills it)
 */
public record OomVictim(int pid, String comm, long rssPages) {}
