package dev.labyrinth.emulator.scenario;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;

/**
 * The vm sysctls that shape watermarks, named after Linux's own {@code /proc/sys/vm} files.
 *
 * @param minFreeKbytes {@code vm.min_free_kbytes}; -1 means "let the model compute Linux's default"
 * @param watermarkScaleFactor {@code vm.watermark_scale_factor}, 1..3000 (Linux default 10)
 * @param lowmemReserveRatio {@code vm.lowmem_reserve_ratio}, one ratio per zone from DMA upwards
 * @param watermarkBoostFactor {@code vm.watermark_boost_factor}, &gt;= 0 (Linux default 15000)
 */
public record SysctlSpec(
    long minFreeKbytes,
    int watermarkScaleFactor,
    ImmutableList<Integer> lowmemReserveRatio,
    int watermarkBoostFactor) {

  /** Linux 6.18's defaults, with min_free_kbytes left for the model to compute. */
  public static final SysctlSpec DEFAULTS =
      new SysctlSpec(-1, 10, ImmutableList.of(256, 256, 32), 15000);

  public SysctlSpec {
    checkArgument(minFreeKbytes >= -1, "minFreeKbytes must be >= -1: %s", minFreeKbytes);
    checkArgument(
        watermarkScaleFactor >= 1 && watermarkScaleFactor <= 3000,
        "watermarkScaleFactor must be in 1..3000: %s",
        watermarkScaleFactor);
    checkNotNull(lowmemReserveRatio, "lowmemReserveRatio");
    checkArgument(watermarkBoostFactor >= 0, "watermarkBoostFactor must be >= 0");
  }
}
