package dev.labyrinth.emulator.sim;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import com.google.common.base.Verify;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The emulated clock and the loop that runs events in order, one at a time, on one thread.
 *
 * <p>A simulation owns the {@link EventQueue}, the named {@link RandomStreams} of its root seed,
 * and the invariant checks that model code registers. {@link #run} pops the next event, moves the
 * clock to its time, runs its action and then, when enabled, every invariant check in the order
 * they were added. The clock never goes backwards, and scheduling before the current time is a
 * caller error, as in gem5 and OMNeT++.
 *
 * <p>Every run has a budget (a time limit and a step limit, after TigerBeetle), so it always
 * returns a {@link RunResult}. When an action or a check throws, the run fails with a {@link
 * SimulationFailure} that names the root seed, the step and the emulated time; the simulation then
 * refuses to run again because its state is suspect.
 *
 * <p>Steps are numbered from 1 in execution order. While an action runs, {@link #steps()} already
 * counts it, so the action and any failure report the same step number.
 */
public final class Simulation {
  private final long rootSeed;
  private final RandomStreams randoms;
  private final EventQueue queue = new EventQueue();
  private final List<String> invariantNames = new ArrayList<>();
  private final List<Runnable> invariantChecks = new ArrayList<>();

  private long nowNs;
  private long steps;
  /** The id {@link #schedule} or {@link #scheduleAfter} returned last; 0 before the first. */
  private long lastScheduledId;
  private boolean invariantsEnabled;
  private boolean running;
  private boolean failed;
  /** Set by {@link #stop} during a run; null otherwise. */
  private String stopReason;

  /** Creates a simulation at time 0 whose random streams derive from {@code rootSeed}. */
  public Simulation(long rootSeed) {
    this.rootSeed = rootSeed;
    this.randoms = new RandomStreams(rootSeed);
  }

  /** The root seed, which together with the scenario decides the run completely. */
  public long rootSeed() {
    return rootSeed;
  }

  /** The current emulated time. */
  public long nowNs() {
    return nowNs;
  }

  /** The number of events executed so far, including the one running now. */
  public long steps() {
    return steps;
  }

  /** The number of pending events. */
  public int pendingEvents() {
    return queue.size();
  }

  /**
   * Schedules {@code action} with {@code arg} at absolute time {@code atNs} in {@code band} and
   * returns its event id for {@link #cancel}. Ids are positive, so 0 can mean "no event".
   */
  public long schedule(long atNs, Band band, Action action, long arg) {
    checkArgument(atNs >= nowNs, "cannot schedule at %s ns, before now (%s ns)", atNs, nowNs);
    lastScheduledId = queue.push(atNs, band, action, arg);
    return lastScheduledId;
  }

  /** Schedules {@code action} {@code delayNs} after now; see {@link #schedule}. */
  public long scheduleAfter(long delayNs, Band band, Action action, long arg) {
    checkArgument(delayNs >= 0, "delayNs %s must not be negative", delayNs);
    checkArgument(
        delayNs <= Long.MAX_VALUE - nowNs, "delayNs %s overflows the clock at %s ns", delayNs,
        nowNs);
    lastScheduledId = queue.push(nowNs + delayNs, band, action, arg);
    return lastScheduledId;
  }

  /**
   * The id of the event scheduled most recently, or 0 when none was. Ids grow with every
   * schedule, so a caller holding an id can tell whether anything was scheduled after it: an
   * event due at the same time and band with no other event scheduled in between is next to it
   * in the total order, and work can join it instead of becoming an event of its own.
   */
  public long lastScheduledId() {
    return lastScheduledId;
  }

  /**
   * Cancels a pending event; returns false if it already ran, was cancelled or never existed. To
   * move an event, cancel it and schedule a new one: an event's key never changes in the queue.
   */
  public boolean cancel(long eventId) {
    return queue.cancel(eventId);
  }

  /**
   * Runs events in order until the first of: no event pending ({@link StopReason#QUEUE_EMPTY}, the
   * clock stays at the last event), the next event after {@code untilNs} ({@link
   * StopReason#TIME_LIMIT}, the clock moves to {@code untilNs}), {@code stepsMax} events executed
   * by this call ({@link StopReason#STEP_LIMIT}), or an action calling {@link #stop} ({@link
   * StopReason#STOPPED}). Events at exactly {@code untilNs} run.
   *
   * @throws SimulationFailure if an action or an invariant check throws
   */
  public RunResult run(long untilNs, long stepsMax) {
    checkArgument(untilNs >= nowNs, "untilNs %s is before now (%s ns)", untilNs, nowNs);
    checkArgument(stepsMax >= 0, "stepsMax %s must not be negative", stepsMax);
    checkState(!running, "run() is not re-entrant");
    checkState(!failed, "this simulation failed earlier; its state cannot be trusted");
    running = true;
    try {
      long stepsRun = 0;
      while (true) {
        if (queue.isEmpty()) {
          return result(StopReason.QUEUE_EMPTY, "no pending events");
        }
        if (stepsRun == stepsMax) {
          // The budget is checked after the queue and the time limit so that a run that has
          // also drained the queue or reached its time reports that more informative reason.
          if (queue.peekTimeNs() > untilNs) {
            nowNs = untilNs;
            return result(StopReason.TIME_LIMIT, "next event is after untilNs=" + untilNs);
          }
          return result(StopReason.STEP_LIMIT, "executed stepsMax=" + stepsMax + " events");
        }
        if (!queue.pop(untilNs)) {
          nowNs = untilNs;
          return result(StopReason.TIME_LIMIT, "next event is after untilNs=" + untilNs);
        }
        stepsRun++;
        step();
        if (stopReason != null) {
          String reason = stopReason;
          stopReason = null;
          return result(StopReason.STOPPED, reason);
        }
      }
    } finally {
      running = false;
    }
  }

  /**
   * Asks the current run to stop after the running event (and its invariant checks); {@link
   * #run} then returns {@link StopReason#STOPPED} with {@code reason} as the detail. Only actions
   * may call this, during a run. A later call in the same event replaces the reason.
   */
  public void stop(String reason) {
    checkNotNull(reason, "reason");
    checkState(running, "stop() may only be called by an action during run()");
    stopReason = reason;
  }

  /** The named random streams of this run. */
  public RandomStreams randoms() {
    return randoms;
  }

  /**
   * Registers a check that runs after every event while invariants are enabled, in the order the
   * checks were added. A check reports a violation by throwing (for example {@code
   * VerifyException}); the run then fails with a message naming {@code name}.
   */
  public void addInvariantCheck(String name, Runnable check) {
    checkNotNull(name, "name");
    checkNotNull(check, "check");
    invariantNames.add(name);
    invariantChecks.add(check);
  }

  /** Turns the per-event invariant checks on or off; off by default because they cost O(n). */
  public void setInvariantsEnabled(boolean enabled) {
    this.invariantsEnabled = enabled;
  }

  /**
   * Turns on the tie-shuffle audit mode: events with identical (time, band) run in an order
   * permuted by {@code seed} instead of scheduling order, while events with different times or
   * bands keep their order. A model whose results change under it depends on an accidental order
   * that no band makes explicit. Off by default; may be turned on before or between runs, and
   * applies to events already pending. The run stays deterministic for a given seed.
   */
  public void setTieShuffleSeed(long seed) {
    checkState(!running, "the tie order cannot change during a run");
    queue.enableTieShuffle(seed);
  }

  /** Verifies the event queue's internal structure; for tests and paranoid runs. */
  public void checkInvariants() {
    queue.checkInvariants();
  }

  private void step() {
    long timeNs = queue.poppedTimeNs();
    Verify.verify(timeNs >= nowNs, "time went back from %s to %s ns", nowNs, timeNs);
    nowNs = timeNs;
    steps++;
    Action action = queue.poppedAction();
    long arg = queue.poppedArg();
    try {
      action.run(timeNs, arg);
    } catch (RuntimeException | AssertionError e) {
      throw failure("event " + queue.poppedId() + " in band " + queue.poppedBand() + " threw", "",
          e);
    }
    if (invariantsEnabled) {
      for (int i = 0; i < invariantChecks.size(); i++) {
        try {
          invariantChecks.get(i).run();
        } catch (RuntimeException | AssertionError e) {
          throw failure(
              "invariant '" + invariantNames.get(i) + "' failed after event " + queue.poppedId()
                  + " in band " + queue.poppedBand(),
              invariantNames.get(i),
              e);
        }
      }
    }
  }

  private SimulationFailure failure(String what, String invariant, Throwable cause) {
    failed = true;
    String message =
        String.format(
            Locale.ROOT,
            "%s at step %d, time %d ns, root seed %d (0x%016x): %s",
            what,
            steps,
            nowNs,
            rootSeed,
            rootSeed,
            cause);
    return new SimulationFailure(message, rootSeed, steps, nowNs, invariant, cause);
  }

  private RunResult result(StopReason reason, String detail) {
    return new RunResult(reason, steps, nowNs, detail);
  }
}
