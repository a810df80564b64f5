package dev.labyrinth.emulator.machine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.base.VerifyException;
import com.google.common.collect.ImmutableList;
import org.junit.jupiter.api.Test;

/** Softirq work runners come back rewound, and only when they have ended. */
class SoftirqWorkPoolTest {
  private static final ImmutableList<Step> WORK = ImmutableList.of(new Step.Compute(1),
      new Step.Loop(2, ImmutableList.of(new Step.Compute(2))), new Step.Compute(3));

  private static Runner handler() {
    return new Runner(ImmutableList.of(new Step.RaiseSoftirq(Softirq.NET_RX)), new KeptBlocks(),
        WORK);
  }

  @Test
  void aHandlerWithoutWorkHasNoPool() {
    assertThat(new Runner(WORK, new KeptBlocks(), null).workPool).isNull();
    assertThat(new Runner(WORK, new KeptBlocks(), ImmutableList.of()).workPool).isNull();
  }

  @Test
  void runnersOutAtOnceAreDistinctAndShareTheHandlersBlocks() {
    Runner h = handler();
    Runner first = h.workPool.take();
    Runner second = h.workPool.take();
    assertThat(first).isNotSameAs(second);
    assertThat(first.kept).isSameAs(h.kept);
    assertThat(first.pool).isSameAs(h.workPool);
    assertThat(first.workPool).isNull(); // work raises no further work
  }

  @Test
  void aRunnerGivenBackIsReusedWithNoProgressOfItsLastRun() {
    Runner h = handler();
    Runner used = h.workPool.take();
    used.cursor.next();
    used.cursor.next(); // inside the loop
    used.remainingNs = 5;
    used.afterZoneLockNs = 7;
    used.leaveAs = TaskState.BLOCKED;
    used.leaveWakeNs = 9;
    used.alloc = new Step.Alloc(0, 0, 3, 0, 0, null);
    used.allocLeft = 2;
    used.segmentEndNs = 11;
    h.workPool.give(used);
    assertThat(h.workPool.idleCount()).isEqualTo(1);

    Runner again = h.workPool.take();
    assertThat(again).isSameAs(used);
    assertThat(h.workPool.idleCount()).isZero();
    assertThat(again.remainingNs).isZero();
    assertThat(again.afterZoneLockNs).isZero();
    assertThat(again.leaveAs).isNull();
    assertThat(again.leaveWakeNs).isZero();
    assertThat(again.alloc).isNull();
    assertThat(again.allocLeft).isZero();
    assertThat(again.retry).isNull();
    assertThat(again.segmentEndNs).isZero();
    assertThat(again.cursor.next()).isEqualTo(new Step.Compute(1)); // from the first step
    assertThat(again.cursor.next()).isEqualTo(new Step.Compute(2));
  }

  @Test
  void aRunnerStillRunningOrOfAnotherPoolIsRefused() {
    Runner h = handler();
    Runner running = h.workPool.take();
    running.segmentEventId = 42; // its segment end is scheduled
    assertThatThrownBy(() -> h.workPool.give(running)).isInstanceOf(VerifyException.class);
    Runner holding = h.workPool.take();
    holding.segmentHoldsPcpLock = true;
    assertThatThrownBy(() -> h.workPool.give(holding)).isInstanceOf(VerifyException.class);
    Runner foreign = handler().workPool.take();
    assertThatThrownBy(() -> h.workPool.give(foreign))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(h.workPool.idleCount()).isZero();
  }
}
