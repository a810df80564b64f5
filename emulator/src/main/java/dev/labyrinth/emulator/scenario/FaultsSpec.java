package dev.labyrinth.emulator.scenario;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

/**
 * {@code faults}: the fault-injection sites, each a switch with its parameters. A site that is
 * not enabled changes nothing in the run: no stream is drawn from, no event scheduled, no record
 * written.
 *
 * @param irqStorm a device interrupts every {@code everyNs} for a window
 * @param kswapdDelay each kswapd wake-up starts reclaiming late
 * @param reclaimNoProgress kswapd and direct reclaim reclaim nothing in a window
 * @param deviceStop a device stops raising interrupts
 */
public record FaultsSpec(IrqStorm irqStorm, KswapdDelay kswapdDelay,
    ReclaimNoProgress reclaimNoProgress, DeviceStop deviceStop) {

  /** A time that is drawn from the site's own stream at the start of the run. */
  public static final long DRAWN = -1;

  /** A window that lasts to the end of the run. */
  public static final long FOREVER = -1;

  /** Every site off, with the defaults of the field table. */
  public static final FaultsSpec NONE = new FaultsSpec(
      new IrqStorm(false, "", 10_000, DRAWN, 5_000_000),
      new KswapdDelay(false, 5_000_000, false),
      new ReclaimNoProgress(false, 0, FOREVER, 100),
      new DeviceStop(false, "", DRAWN, FOREVER));

  public FaultsSpec {
    checkNotNull(irqStorm, "irqStorm");
    checkNotNull(kswapdDelay, "kswapdDelay");
    checkNotNull(reclaimNoProgress, "reclaimNoProgress");
    checkNotNull(deviceStop, "deviceStop");
  }

  /** Whether any site is enabled. */
  public boolean any() {
    return irqStorm.enabled || kswapdDelay.enabled || reclaimNoProgress.enabled
        || deviceStop.enabled;
  }

  /**
   * {@code faults.irq_storm}.
   *
   * @param device the storming device's name; "": the scenario's first device
   * @param everyNs time between the storm's extra interrupts
   * @param startNs when the storm begins, or {@link #DRAWN}
   * @param lengthNs how long it lasts
   */
  public record IrqStorm(boolean enabled, String device, long everyNs, long startNs,
      long lengthNs) {
    public IrqStorm {
      checkNotNull(device, "device");
      checkArgument(everyNs > 0 && lengthNs > 0 && startNs >= DRAWN, "bad irq_storm figures");
    }
  }

  /**
   * {@code faults.kswapd_delay}.
   *
   * @param delayNs the delay of each wake-up, or its bound when {@code random}
   * @param random draw each delay uniformly from {@code 0..delayNs}
   */
  public record KswapdDelay(boolean enabled, long delayNs, boolean random) {
    public KswapdDelay {
      checkArgument(delayNs > 0, "delayNs %s", delayNs);
    }
  }

  /**
   * {@code faults.reclaim_no_progress}.
   *
   * @param startNs when the window begins
   * @param lengthNs how long it lasts, or {@link #FOREVER}
   * @param percent chance per reclaim attempt in the window, 1..100
   */
  public record ReclaimNoProgress(boolean enabled, long startNs, long lengthNs, int percent) {
    public ReclaimNoProgress {
      checkArgument(startNs >= 0 && (lengthNs > 0 || lengthNs == FOREVER), "bad window");
      checkArgument(percent >= 1 && percent <= 100, "percent %s", percent);
    }
  }

  /**
   * {@code faults.device_stop}.
   *
   * @param device the device's name; "": the scenario's first device
   * @param startNs when it stops, or {@link #DRAWN}
   * @param lengthNs how long it stays stopped, or {@link #FOREVER}
   */
  public record DeviceStop(boolean enabled, String device, long startNs, long lengthNs) {
    public DeviceStop {
      checkNotNull(device, "device");
      checkArgument(startNs >= DRAWN && (lengthNs > 0 || lengthNs == FOREVER), "bad window");
    }
  }
}
