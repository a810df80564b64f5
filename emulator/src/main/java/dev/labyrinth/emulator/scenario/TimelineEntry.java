package dev.labyrinth.emulator.scenario;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * One {@code timeline} action: sysctl writes at a time. A value of -1 means "not written".
 *
 * @param atNs when, in emulated nanoseconds from the start
 * @param minFreeKbytes {@code vm.min_free_kbytes}, or -1
 * @param watermarkScaleFactor {@code vm.watermark_scale_factor}, or -1
 * @param watermarkBoostFactor {@code vm.watermark_boost_factor}, or -1
 */
public record TimelineEntry(
    long atNs, long minFreeKbytes, int watermarkScaleFactor, int watermarkBoostFactor) {
  public TimelineEntry {
    checkArgument(atNs >= 0, "negative time %s", atNs);
  }
}
