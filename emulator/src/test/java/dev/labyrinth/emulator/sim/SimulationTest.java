package dev.labyrinth.emulator.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.base.Verify;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pins the run loop's contract: the four ways a run stops and where the clock is left, the
 * rejection of scheduling in the past, when invariant checks run, what a failure says, and that
 * the tie-shuffle audit mode reorders only same-(time, band) events, deterministically per seed.
 */
class SimulationTest {
  private static final long SEED = 0x5EED;

  @Test
  void run_nextEventAfterLimit_stopsAndMovesClockToLimit() {
    Simulation sim = new Simulation(SEED);
    List<Long> times = new ArrayList<>();
    for (long t : new long[] {10, 20, 25, 30}) {
      sim.schedule(t, Band.CPU, (nowNs, arg) -> times.add(nowNs), 0);
    }
    RunResult result = sim.run(25, Long.MAX_VALUE);
    assertThat(result.reason()).isEqualTo(StopReason.TIME_LIMIT);
    assertThat(result.nowNs()).isEqualTo(25);
    assertThat(result.steps()).isEqualTo(3);
    assertThat(sim.nowNs()).isEqualTo(25);
    assertThat(times).containsExactly(10L, 20L, 25L);

    RunResult rest = sim.run(1_000, Long.MAX_VALUE);
    assertThat(rest.reason()).isEqualTo(StopReason.QUEUE_EMPTY);
    assertThat(rest.nowNs()).isEqualTo(30);
    assertThat(rest.steps()).isEqualTo(4);
  }

  @Test
  void run_emptyQueue_stopsWithoutMovingClock() {
    Simulation sim = new Simulation(SEED);
    RunResult result = sim.run(1_000, 10);
    assertThat(result).isEqualTo(new RunResult(StopReason.QUEUE_EMPTY, 0, 0, "no pending events"));
  }

  @Test
  void run_stepBudget_stopsAfterExactlyThatManyEvents() {
    Simulation sim = new Simulation(SEED);
    for (long t = 1; t <= 5; t++) {
      sim.schedule(t * 100, Band.CPU, (nowNs, arg) -> {}, 0);
    }
    RunResult result = sim.run(Long.MAX_VALUE, 3);
    assertThat(result.reason()).isEqualTo(StopReason.STEP_LIMIT);
    assertThat(result.steps()).isEqualTo(3);
    assertThat(result.nowNs()).isEqualTo(300);
    assertThat(sim.pendingEvents()).isEqualTo(2);
    // The budget is per call: the next call may run three more, but only two are left.
    assertThat(sim.run(Long.MAX_VALUE, 3).reason()).isEqualTo(StopReason.QUEUE_EMPTY);
    assertThat(sim.steps()).isEqualTo(5);
  }

  @Test
  void run_budgetExhaustedAndNextEventLate_reportsTimeLimit() {
    Simulation sim = new Simulation(SEED);
    sim.schedule(10, Band.CPU, (nowNs, arg) -> {}, 0);
    sim.schedule(50, Band.CPU, (nowNs, arg) -> {}, 0);
    RunResult result = sim.run(40, 1);
    assertThat(result.reason()).isEqualTo(StopReason.TIME_LIMIT);
    assertThat(result.nowNs()).isEqualTo(40);
  }

  @Test
  void stop_fromAction_endsRunWithReasonAndLaterRunContinues() {
    Simulation sim = new Simulation(SEED);
    List<Long> ran = new ArrayList<>();
    sim.schedule(10, Band.CPU, (nowNs, arg) -> ran.add(arg), 1);
    sim.schedule(20, Band.CPU, (nowNs, arg) -> {
      ran.add(arg);
      sim.stop("oom killer chose init");
    }, 2);
    sim.schedule(30, Band.CPU, (nowNs, arg) -> ran.add(arg), 3);
    RunResult result = sim.run(Long.MAX_VALUE, Long.MAX_VALUE);
    assertThat(result).isEqualTo(
        new RunResult(StopReason.STOPPED, 2, 20, "oom killer chose init"));
    assertThat(ran).containsExactly(1L, 2L);
    assertThat(sim.run(Long.MAX_VALUE, Long.MAX_VALUE).reason())
        .isEqualTo(StopReason.QUEUE_EMPTY);
    assertThat(ran).containsExactly(1L, 2L, 3L);
  }

  @Test
  void stop_outsideRun_rejected() {
    assertThatThrownBy(() -> new Simulation(SEED).stop("no"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void schedule_inThePast_rejected() {
    Simulation sim = new Simulation(SEED);
    sim.schedule(200, Band.CPU, (nowNs, arg) -> {}, 0);
    assertThat(sim.run(100, 1).reason()).isEqualTo(StopReason.TIME_LIMIT);
    assertThat(sim.nowNs()).isEqualTo(100);
    assertThatThrownBy(() -> sim.schedule(99, Band.CPU, (nowNs, arg) -> {}, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> sim.scheduleAfter(-1, Band.CPU, (nowNs, arg) -> {}, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> sim.scheduleAfter(Long.MAX_VALUE, Band.CPU, (nowNs, arg) -> {}, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> sim.run(99, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThat(sim.schedule(100, Band.CPU, (nowNs, arg) -> {}, 0)).isPositive();
  }

  @Test
  void scheduleAfter_fromAction_runsAtNowPlusDelayInBandOrder() {
    Simulation sim = new Simulation(SEED);
    List<String> log = new ArrayList<>();
    sim.schedule(10, Band.CPU, (nowNs, arg) -> {
      log.add("cpu@" + nowNs);
      sim.scheduleAfter(0, Band.OBSERVER, (n, a) -> log.add("observer@" + n), 0);
      sim.scheduleAfter(0, Band.DEFERRED, (n, a) -> log.add("softirq@" + n), 0);
      sim.scheduleAfter(5, Band.CPU, (n, a) -> log.add("cpu@" + n), 0);
    }, 0);
    sim.run(Long.MAX_VALUE, 100);
    assertThat(log).containsExactly("cpu@10", "softirq@10", "observer@10", "cpu@15");
  }

  @Test
  void lastScheduledId_isTheIdOfTheMostRecentSchedule() {
    Simulation sim = new Simulation(1);
    assertThat(sim.lastScheduledId()).isZero();
    long first = sim.schedule(10, Band.CPU, (t, a) -> {}, 0);
    assertThat(sim.lastScheduledId()).isEqualTo(first);
    long second = sim.scheduleAfter(5, Band.DEVICE, (t, a) -> {}, 0);
    assertThat(second).isGreaterThan(first);
    assertThat(sim.lastScheduledId()).isEqualTo(second);
    sim.cancel(second); // cancelling does not rewind it
    assertThat(sim.lastScheduledId()).isEqualTo(second);
  }

  @Test
  void cancel_pendingEvent_neverRuns() {
    Simulation sim = new Simulation(SEED);
    List<Long> ran = new ArrayList<>();
    long timer = sim.schedule(50, Band.DEVICE, (nowNs, arg) -> ran.add(arg), 1);
    sim.schedule(10, Band.CPU, (nowNs, arg) -> assertThat(sim.cancel(timer)).isTrue(), 2);
    sim.run(Long.MAX_VALUE, 100);
    assertThat(ran).isEmpty();
    assertThat(sim.cancel(timer)).isFalse();
  }

  @Test
  void invariants_enabled_runAfterEveryEventInInsertionOrder() {
    Simulation sim = new Simulation(SEED);
    List<String> calls = new ArrayList<>();
    sim.addInvariantCheck("first", () -> calls.add("first@" + sim.steps()));
    sim.addInvariantCheck("second", () -> calls.add("second@" + sim.steps()));
    sim.setInvariantsEnabled(true);
    for (long t = 1; t <= 3; t++) {
      sim.schedule(t, Band.CPU, (nowNs, arg) -> {}, 0);
    }
    sim.run(Long.MAX_VALUE, 100);
    assertThat(calls)
        .containsExactly("first@1", "second@1", "first@2", "second@2", "first@3", "second@3");
  }

  @Test
  void invariants_disabled_neverRun() {
    Simulation sim = new Simulation(SEED);
    List<String> calls = new ArrayList<>();
    sim.addInvariantCheck("never", () -> calls.add("called"));
    for (long t = 1; t <= 3; t++) {
      sim.schedule(t, Band.CPU, (nowNs, arg) -> {}, 0);
    }
    sim.run(Long.MAX_VALUE, 100);
    assertThat(calls).isEmpty();
  }

  @Test
  void invariants_failing_messageNamesSeedStepAndTime() {
    Simulation sim = new Simulation(0x1234);
    sim.addInvariantCheck("free pages never negative", () -> Verify.verify(sim.steps() < 3));
    sim.setInvariantsEnabled(true);
    for (long t = 10; t <= 50; t += 10) {
      sim.schedule(t, Band.CPU, (nowNs, arg) -> {}, 0);
    }
    assertThatThrownBy(() -> sim.run(Long.MAX_VALUE, 100))
        .isInstanceOf(SimulationFailure.class)
        .hasMessageContaining("free pages never negative")
        .hasMessageContaining("step 3")
        .hasMessageContaining("time 30 ns")
        .hasMessageContaining("root seed 4660 (0x0000000000001234)")
        .satisfies(e -> {
          SimulationFailure failure = (SimulationFailure) e;
          assertThat(failure.rootSeed()).isEqualTo(0x1234);
          assertThat(failure.step()).isEqualTo(3);
          assertThat(failure.timeNs()).isEqualTo(30);
          assertThat(failure.getCause()).isInstanceOf(com.google.common.base.VerifyException.class);
        });
    // The state after a failure is suspect, so the simulation refuses to continue.
    assertThatThrownBy(() -> sim.run(Long.MAX_VALUE, 100))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void action_throwing_failureNamesSeedStepTimeAndEvent() {
    Simulation sim = new Simulation(77);
    sim.schedule(5, Band.CPU, (nowNs, arg) -> {}, 0);
    long bad = sim.schedule(8, Band.DEFERRED, (nowNs, arg) -> {
      throw new IllegalStateException("boom");
    }, 0);
    assertThatThrownBy(() -> sim.run(Long.MAX_VALUE, 100))
        .isInstanceOf(SimulationFailure.class)
        .hasMessageContaining("event " + bad + " in band DEFERRED")
        .hasMessageContaining("step 2")
        .hasMessageContaining("time 8 ns")
        .hasMessageContaining("root seed 77")
        .hasMessageContaining("boom")
        .hasCauseInstanceOf(IllegalStateException.class);
  }

  @Test
  void tieShuffle_permutesOnlySameTimeAndBand_deterministicPerSeed() {
    List<String> baseline = runTieWorkload(null);
    List<String> shuffled = runTieWorkload(1L);

    assertThat(shuffled).isEqualTo(runTieWorkload(1L));
    assertThat(shuffled).isNotEqualTo(baseline);
    assertThat(runTieWorkload(2L)).isNotEqualTo(shuffled);
    assertThat(shuffled).containsExactlyInAnyOrderElementsOf(baseline);
    // Position by position, the (time, band) part is untouched; only the tag within a tie moves.
    for (int i = 0; i < baseline.size(); i++) {
      assertThat(timeAndBand(shuffled.get(i))).isEqualTo(timeAndBand(baseline.get(i)));
    }
  }

  @Test
  void tieShuffle_off_runsTiesInSchedulingOrder() {
    List<String> baseline = runTieWorkload(null);
    assertThat(baseline.subList(0, 3)).containsExactly("100/DEVICE/0", "100/DEVICE/1",
        "100/DEVICE/2");
  }

  /**
   * Schedules ties at two instants in three bands, and has some actions schedule more ties at
   * their own instant, then returns "time/band/tag" for each executed event in order.
   */
  private static List<String> runTieWorkload(Long tieShuffleSeed) {
    Simulation sim = new Simulation(SEED);
    if (tieShuffleSeed != null) {
      sim.setTieShuffleSeed(tieShuffleSeed);
    }
    List<String> log = new ArrayList<>();
    Band[] bands = {Band.DEVICE, Band.CPU, Band.OBSERVER};
    for (long timeNs : new long[] {100, 200}) {
      for (Band band : bands) {
        for (int tag = 0; tag < 8; tag++) {
          sim.schedule(timeNs, band, (nowNs, arg) -> {
            log.add(nowNs + "/" + band + "/" + arg);
            if (band == Band.DEVICE && arg < 4) {
              sim.scheduleAfter(0, Band.CPU, (n, a) -> log.add(n + "/CPU/" + a), 100 + arg);
            }
          }, tag);
        }
      }
    }
    sim.run(Long.MAX_VALUE, 10_000);
    return log;
  }

  private static String timeAndBand(String entry) {
    return entry.substring(0, entry.lastIndexOf('/'));
  }
}
