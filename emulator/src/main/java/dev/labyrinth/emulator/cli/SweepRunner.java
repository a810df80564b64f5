package dev.labyrinth.emulator.cli;

import com.google.common.collect.ImmutableList;
import dev.labyrinth.emulator.run.RunOutcome;
import dev.labyrinth.emulator.run.ScenarioRun;
import dev.labyrinth.emulator.scenario.Scenario;
import dev.labyrinth.emulator.scenario.ScenarioException;
import dev.labyrinth.emulator.scenario.ScenarioLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a sweep's runs on a fixed pool of threads and hands the results back in run order.
 *
 * <p>Each run is single-threaded and shares nothing with the others but immutable scenarios, so
 * parallelism never touches a run's bytes. Order is restored by the caller's thread, which waits
 * for the runs in list order while at most {@code jobs x 4} runs are in flight: the output is the
 * same whatever the thread timing, and memory stays bounded for any number of runs.
 */
final class SweepRunner {

  /** Receives results in run order, on the calling thread. */
  @FunctionalInterface
  interface Sink {
    void accept(SweepResult result) throws IOException;
  }

  private final Path scenarioFile;
  private final Set<FailCondition> failOn;
  private final long stepsMax;
  private final ConcurrentHashMap<ImmutableList<String>, Scenario> scenarios =
      new ConcurrentHashMap<>();

  SweepRunner(Path scenarioFile, Set<FailCondition> failOn, long stepsMax) {
    this.scenarioFile = scenarioFile;
    this.failOn = failOn;
    this.stepsMax = stepsMax;
  }

  /** Loads (once per distinct override list) and validates the scenario a run needs. */
  Scenario scenario(ImmutableList<String> overrides) throws ScenarioException {
    Scenario cached = scenarios.get(overrides);
    if (cached == null) {
      cached = ScenarioLoader.load(scenarioFile, overrides);
      scenarios.putIfAbsent(overrides, cached);
    }
    return cached;
  }

  /** Runs one spec on the current thread. */
  SweepResult runOne(RunSpec spec) throws ScenarioException {
    Scenario scenario = scenario(spec.overrides()).withSeed(spec.seed());
    AnalysingTracer tracer = new AnalysingTracer(scenario);
    RunOutcome outcome = new ScenarioRun(scenario, stepsMax).execute(tracer);
    return SweepResult.of(spec, outcome, tracer.finish(), failOn);
  }

  /** Runs every spec with {@code jobs} threads; results reach {@code sink} in list order. */
  void run(List<RunSpec> specs, int jobs, SweepProgress progress, Sink sink) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(jobs, runnable -> {
      Thread thread = new Thread(runnable, "sweep-run");
      thread.setDaemon(true);
      return thread;
    });
    try {
      int window = jobs * 4;
      List<Future<SweepResult>> futures = new ArrayList<>(specs.size());
      int submitted = 0;
      for (int next = 0; next < specs.size(); next++) {
        while (submitted < specs.size() && submitted < next + window) {
          RunSpec spec = specs.get(submitted++);
          futures.add(pool.submit(() -> {
            SweepResult result = runOne(spec);
            progress.completed();
            return result;
          }));
        }
        sink.accept(await(futures.get(next), progress));
        futures.set(next, null);
      }
    } finally {
      pool.shutdownNow();
    }
    progress.finish();
  }

  /** Waits for one result, redrawing the progress meanwhile; rethrows a run's own exception. */
  private static SweepResult await(Future<SweepResult> future, SweepProgress progress)
      throws Exception {
    while (true) {
      try {
        return future.get(250, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        progress.tick();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof Exception cause) {
          throw cause;
        }
        throw e;
      }
    }
  }
}
