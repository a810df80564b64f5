package dev.labyrinth.emulator.machine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labyrinth.emulator.mm.AllocContext;
import dev.labyrinth.emulator.mm.ExecContext;
import dev.labyrinth.emulator.mm.ZoneType;
import org.junit.jupiter.api.Test;

/**
 * Sections queue per CPU in order and are given their windows first come, first served; the one
 * reused {@link ZoneLocks.Entry} shows each call's own values, never the previous call's.
 */
class ZoneLocksTest {
  private static final AllocContext CPU0 = AllocContext.task(0, "a", 1);
  private static final AllocContext CPU1 = AllocContext.irq(1, ExecContext.HARDIRQ, "b", 2);

  @Test
  void entriesCarryEachSectionsOwnZoneWaitAndHold() {
    ZoneLocks locks = new ZoneLocks(2);
    locks.setCosts(100, 50);
    locks.section(CPU0, ZoneType.NORMAL, 3); // hold 250
    locks.section(CPU0, ZoneType.DMA32, 0); // hold 100
    locks.section(CPU1, ZoneType.NORMAL, 1); // hold 150
    locks.section(AllocContext.NONE_TASK, ZoneType.NORMAL, 9); // on no CPU: no section
    assertThat(locks.pending(0)).isTrue();

    ZoneLocks.Entry e = locks.enter(0, 1_000);
    assertThat(e.zone()).isEqualTo(ZoneType.NORMAL);
    assertThat(e.holderCpu()).isEqualTo(-1);
    assertThat(e.waitNs()).isZero();
    assertThat(e.holdNs()).isEqualTo(250);

    e = locks.enter(1, 1_100); // CPU 0 holds NORMAL until 1 250
    assertThat(e.zone()).isEqualTo(ZoneType.NORMAL);
    assertThat(e.holderCpu()).isEqualTo(0);
    assertThat(e.waitNs()).isEqualTo(150);
    assertThat(e.holdNs()).isEqualTo(150);
    assertThat(locks.pending(1)).isFalse();

    e = locks.enter(0, 1_100); // another zone's lock is free: nothing of the spin above
    assertThat(e.zone()).isEqualTo(ZoneType.DMA32);
    assertThat(e.holderCpu()).isEqualTo(-1);
    assertThat(e.waitNs()).isZero();
    assertThat(e.holdNs()).isEqualTo(100);
    assertThat(locks.pending(0)).isFalse();

    assertThat(locks.spins()).isEqualTo(1);
    assertThat(locks.waitTotalNs()).isEqualTo(150);
    assertThat(locks.waitMaxNs()).isEqualTo(150);
    locks.checkInvariants();
  }

  @Test
  void endedWindowsArePrunedAndALaterAskerQueuesBehindTheLast() {
    ZoneLock lock = new ZoneLock();
    assertThat(lock.acquire(0, 100, 50)).isEqualTo(100); // 100..150
    assertThat(lock.acquire(1, 120, 30)).isEqualTo(150); // 150..180
    assertThat(lock.holderAt(149)).isEqualTo(0);
    assertThat(lock.holderAt(150)).isEqualTo(1);
    assertThat(lock.windows()).isEqualTo(1);
    assertThat(lock.acquire(0, 200, 10)).isEqualTo(200); // all earlier ones ended
    assertThat(lock.windows()).isEqualTo(1);
    assertThat(lock.holderAt(210)).isEqualTo(-1);
    lock.checkInvariants("Normal");
  }
}
