package dev.labyrinth.emulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The {@code faults:} key: defaults (every site off), parameters, the checks on device names
 * with file:line:col and did-you-mean, and {@code --set} overrides of fault keys.
 */
class FaultsScenarioTest {

  private static final String DEVICES = Fixtures.BASE
      + "devices:\n"
      + "  - {name: imu, kind: timer, period: 1ms}\n"
      + "  - {name: eth0, kind: poisson, mean: 100us}\n";

  @Test
  void absentFaultsMeansEverySiteOffWithTheTableDefaults() throws Exception {
    Scenario s = Fixtures.parse(DEVICES);
    assertThat(s.faults().any()).isFalse();
    assertThat(s.faults()).isEqualTo(FaultsSpec.NONE);
    assertThat(s.faults().irqStorm()).isEqualTo(
        new FaultsSpec.IrqStorm(false, "", 10_000, FaultsSpec.DRAWN, 5_000_000));
    assertThat(s.faults().deviceStop()).isEqualTo(
        new FaultsSpec.DeviceStop(false, "", FaultsSpec.DRAWN, FaultsSpec.FOREVER));
  }

  @Test
  void parametersAreRead() throws Exception {
    Scenario s = Fixtures.parse(DEVICES
        + "faults:\n"
        + "  irq_storm: {enabled: true, device: eth0, every: 20us, start: 3ms, length: 1ms}\n"
        + "  kswapd_delay: {enabled: true, delay: 7ms, random: true}\n"
        + "  reclaim_no_progress: {enabled: true, start: 1ms, length: 2ms, percent: 30}\n"
        + "  device_stop: {enabled: true, device: imu, start: 4ms, length: 5ms}\n");
    assertThat(s.faults().irqStorm()).isEqualTo(
        new FaultsSpec.IrqStorm(true, "eth0", 20_000, 3_000_000, 1_000_000));
    assertThat(s.faults().kswapdDelay()).isEqualTo(
        new FaultsSpec.KswapdDelay(true, 7_000_000, true));
    assertThat(s.faults().reclaimNoProgress()).isEqualTo(
        new FaultsSpec.ReclaimNoProgress(true, 1_000_000, 2_000_000, 30));
    assertThat(s.faults().deviceStop()).isEqualTo(
        new FaultsSpec.DeviceStop(true, "imu", 4_000_000, 5_000_000));
  }

  @Test
  void setOverridesTurnASiteOnAndChangeItsParameters() throws Exception {
    Scenario s = Fixtures.parse(DEVICES, "faults.kswapd_delay.enabled=true",
        "faults.irq_storm.every=50us");
    assertThat(s.faults().kswapdDelay().enabled()).isTrue();
    assertThat(s.faults().irqStorm().enabled()).isFalse();
    assertThat(s.faults().irqStorm().everyNs()).isEqualTo(50_000);
    assertThat(s.overrides()).containsExactly("faults.kswapd_delay.enabled=true",
        "faults.irq_storm.every=50us");
  }

  @Test
  void aMisspelledSiteGetsADidYouMean() {
    Problem p = Fixtures.single(DEVICES + "faults:\n  irq_strom: {enabled: true}\n");
    assertThat(p.format()).isEqualTo(
        "t.yaml:10:3: faults.irq_strom: unknown key `irq_strom`; did you mean `irq_storm`?");
  }

  @Test
  void aMisspelledSiteInASetOverrideGetsADidYouMean() {
    Problem p = Fixtures.single(DEVICES, "faults.kswap_delay.enabled=true");
    assertThat(p.format()).contains("--set:1:").contains("did you mean `kswapd_delay`?");
  }

  @Test
  void anUnknownDeviceIsNamedWithItsPlace() {
    Problem p = Fixtures.single(DEVICES
        + "faults:\n  device_stop:\n    enabled: true\n    device: eht0\n");
    assertThat(p.format()).isEqualTo("t.yaml:12:13: faults.device_stop.device: no device named "
        + "`eht0` in `devices`; did you mean `eth0`?");
  }

  @Test
  void aDeviceSiteNeedsADevice() {
    Problem p = Fixtures.single(Fixtures.BASE + "faults:\n  irq_storm: {enabled: true}\n");
    assertThat(p.format()).isEqualTo("t.yaml:7:24: faults.irq_storm.enabled: `irq_storm` acts "
        + "on a device, and the scenario has no `devices`");
  }

  @Test
  void outOfRangeValuesAreRejected() {
    Problem p = Fixtures.single(Fixtures.BASE
        + "faults:\n  reclaim_no_progress: {enabled: true, percent: 0}\n");
    assertThat(p.format()).startsWith("t.yaml:7:").contains("faults.reclaim_no_progress.percent")
        .contains("must be between 1 and 100");
  }
}
