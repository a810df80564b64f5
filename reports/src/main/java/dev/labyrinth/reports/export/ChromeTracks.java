package dev.labyrinth.reports.export;

/**
 * The thread ids of the machine's tracks. Each emulated CPU gets its own thread so its slices
 * nest strictly, as Perfetto requires; records no CPU produced go on a separate "machine" track.
 * Ids avoid 0, which trace viewers treat as the idle/swapper thread, and read well in the JSON:
 * CPU 3 is tid 1003.
 */
final class ChromeTracks {

  /** The track for records with no CPU (machine, zone_init, run_end, timeline actions). */
  static final int MACHINE_TID = 1;

  private static final int CPU_TID_BASE = 1000;

  private ChromeTracks() {}

  static int cpuTid(int cpu) {
    return CPU_TID_BASE + cpu;
  }

  /** Where the track sorts among the threads: the machine first, then CPUs in order. */
  static int sortIndex(int tid) {
    return tid == MACHINE_TID ? 0 : tid - CPU_TID_BASE + 1;
  }
}
