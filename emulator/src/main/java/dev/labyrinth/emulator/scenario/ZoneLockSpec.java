package dev.labyrinth.emulator.scenario;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * {@code machine.zone_lock}: how long a {@code zone->lock} critical section holds the lock:
 * {@code baseNs} plus {@code perBlockNs} per page or block it moves. Estimates of real-world
 * magnitudes, not measurements.
 *
 * @param baseNs hold time of every section
 * @param perBlockNs added hold time per block moved
 */
public record ZoneLockSpec(long baseNs, long perBlockNs) {
  /** 100 ns per section plus 50 ns per block. */
  public static final ZoneLockSpec DEFAULTS = new ZoneLockSpec(100, 50);

  public ZoneLockSpec {
    checkArgument(baseNs >= 0 && perBlockNs >= 0, "negative zone lock cost %s/%s", baseNs,
        perBlockNs);
  }
}
