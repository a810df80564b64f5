package dev.labyrinth.emulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code machine.zone_lock}: defaults, explicit values, {@code --set} and bad input. */
class ZoneLockFieldsTest {
  @Test
  void absentMeansTheEstimatedDefaults() throws Exception {
    assertThat(Fixtures.parse(Fixtures.BASE).machine().zoneLock())
        .isEqualTo(ZoneLockSpec.DEFAULTS)
        .isEqualTo(new ZoneLockSpec(100, 50));
  }

  @Test
  void explicitValuesAndOverrides() throws Exception {
    Scenario s = Fixtures.parse(Fixtures.BASE + "  zone_lock: {base: 1us, per_block: 80ns}\n");
    assertThat(s.machine().zoneLock()).isEqualTo(new ZoneLockSpec(1_000, 80));
    Scenario o = Fixtures.parse(Fixtures.BASE, "machine.zone_lock.per_block=0ns");
    assertThat(o.machine().zoneLock()).isEqualTo(new ZoneLockSpec(100, 0));
  }

  @Test
  void aTimeWithoutAUnitIsRejectedWithItsPlace() {
    Problem p = Fixtures.single(Fixtures.BASE + "  zone_lock: {base: 100}\n");
    assertThat(p.line()).isEqualTo(6);
    assertThat(p.path()).isEqualTo("machine.zone_lock.base");
  }

  @Test
  void anUnknownKeyIsRejected() {
    Problem p = Fixtures.single(Fixtures.BASE + "  zone_lock: {per_page: 50ns}\n");
    assertThat(p.path()).contains("zone_lock");
    assertThat(p.message()).contains("per_block"); // the "did you mean"
  }
}
