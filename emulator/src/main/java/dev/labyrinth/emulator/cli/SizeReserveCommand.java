package dev.labyrinth.emulator.cli;

import com.google.common.collect.ImmutableList;
import dev.labyrinth.emulator.scenario.Scenario;
import dev.labyrinth.emulator.scenario.ZoneSpec;
import dev.labyrinth.reports.sizing.SizingPoint;
import dev.labyrinth.reports.sizing.SizingReport;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code labyrinth size-reserve}: the smallest value of a reserve knob that meets a target on
 * every seed, found by bisection. Bisection assumes monotonicity (more reserve never makes a seed
 * fail more); every setting tried is kept, and an observation that contradicts the assumption
 * (a larger setting with a higher failure rate) is reported, as the answer may then be wrong.
 */
@Command(name = "size-reserve", mixinStandardHelpOptions = true,
    description = {"Find by bisection the smallest vm.min_free_kbytes (or --knob) for which "
        + "every seed meets the target; print the failure rate at each setting tried.",
        "Exit 0 when a setting was found, 3 when even --hi misses the target."})
final class SizeReserveCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  SweepOptions options = new SweepOptions();

  @Option(names = "--target", paramLabel = "METRIC=N", defaultValue = "failures=0",
      description = "A seed meets the target when METRIC <= N; METRIC is failures (failed "
          + "allocations), irq_failures (failed in hardirq/softirq context), warn_alloc, might_sleep or bleed. Default: ${DEFAULT-VALUE}.")
  String target;

  @Option(names = "--knob", paramLabel = "SYSCTL", defaultValue = "vm.min_free_kbytes",
      description = "vm.min_free_kbytes (default) or vm.watermark_scale_factor.")
  String knob;

  @Option(names = "--lo", paramLabel = "X", description = "Lowest setting (default: 128 for "
      + "vm.min_free_kbytes, 1 for vm.watermark_scale_factor).")
  Long lo;

  @Option(names = "--hi", paramLabel = "Y", description = "Highest setting (default for "
      + "vm.min_free_kbytes: a quarter of the machine's memory in KiB, at most 65536; 3000 for "
      + "vm.watermark_scale_factor).")
  Long hi;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Fixed overrides applied to every run, before the knob.")
  List<String> sets = new ArrayList<>();

  @Option(names = "--report", paramLabel = "FILE",
      description = "Write an HTML report: the failure-rate curve and the table.")
  Path reportFile;

  private String metric;
  private long limit;

  @Override
  public Integer call() throws Exception {
    Path scenarioFile = options.checkedScenario();
    SeedRange seeds = options.seedRange();
    int jobs = options.jobs();
    parseTarget();
    boolean minFree = knob.equals("vm.min_free_kbytes");
    if (!minFree && !knob.equals("vm.watermark_scale_factor")) {
      throw new BadInputException("--knob " + knob + ": expected vm.min_free_kbytes or "
          + "vm.watermark_scale_factor");
    }
    long low = lo != null ? lo : minFree ? 128 : 1;
    SweepRunner runner = new SweepRunner(scenarioFile, FailCondition.DEFAULT,
        options.maxEvents());
    long high = hi != null ? hi : minFree
        ? defaultMinFreeHi(runner.scenario(ImmutableList.copyOf(sets)), low) : 3000;
    if (low > high || low < 0) {
      throw new BadInputException("--lo " + low + " --hi " + high + ": need 0 <= lo <= hi");
    }
    runner.scenario(withKnob(low));
    runner.scenario(withKnob(high));
    PrintWriter out = spec.commandLine().getOut();
    TreeMap<Long, SizingPoint> tried = new TreeMap<>();
    Long answer = null;
    if (evaluate(runner, seeds, jobs, high, tried).failingRuns() == 0) {
      if (evaluate(runner, seeds, jobs, low, tried).failingRuns() == 0) {
        answer = low;
      } else {
        long missing = low;
        long meeting = high;
        while (meeting - missing > 1) {
          long mid = missing + (meeting - missing) / 2;
          if (evaluate(runner, seeds, jobs, mid, tried).failingRuns() == 0) {
            meeting = mid;
          } else {
            missing = mid;
          }
        }
        answer = meeting;
      }
    }
    List<String> notes = monotonicityNotes(tried);
    out.println(knob + "  seeds  missing-target  failure-rate");
    for (SizingPoint p : tried.values()) {
      out.println(String.format(java.util.Locale.ROOT, "%-8d  %5d  %14d  %s", p.setting(),
          p.runs(), p.failingRuns(), p.failureRateText()));
    }
    notes.forEach(note -> out.println("warning: " + note));
    out.println(answer == null
        ? "no setting up to " + high + " meets " + target + " on every seed; raise --hi if "
            + "the machine can hold a larger reserve"
        : "smallest " + knob + " meeting " + target + " on every seed: " + answer);
    if (reportFile != null) {
      String html = SizingReport.render(new SizingReport.Sizing(
          runner.scenario(withKnob(high)).name(), knob, target, seeds.toString(),
          List.copyOf(tried.values()), answer, notes));
      AtomicFiles.write(reportFile, stream -> {
        stream.write(html.getBytes(StandardCharsets.UTF_8));
        return null;
      });
      out.println("report: " + reportFile);
    }
    out.flush();
    return answer == null ? ExitCodes.CHECK_FAILED : ExitCodes.OK;
  }

  /**
   * The default highest {@code vm.min_free_kbytes}: a quarter of the machine's memory, at most
   * 64 MiB, and never below {@code low}. A reserve larger than that starves the workload itself
   * (a 64 MiB reserve cannot be kept on the sensor's 32 MiB zone, so every seed fails there), and
   * bisection, which starts at the top, would then find nothing.
   */
  static long defaultMinFreeHi(Scenario scenario, long low) {
    long memoryKib = scenario.machine().memoryBytes() / 1024;
    for (ZoneSpec zone : scenario.machine().zones()) {
      memoryKib += zone.managedPages() * 4;
    }
    return Math.max(low, Math.min(65536, memoryKib / 4));
  }

  private void parseTarget() throws BadInputException {
    int eq = target.indexOf('=');
    String hint = "--target " + target + ": expected METRIC=N with METRIC one of failures, "
        + "irq_failures, warn_alloc, might_sleep, bleed, e.g. failures=0";
    if (eq < 0) {
      throw new BadInputException(hint);
    }
    metric = target.substring(0, eq);
    if (!List.of("failures", "irq_failures", "warn_alloc", "might_sleep", "bleed").contains(metric)) {
      throw new BadInputException(hint);
    }
    try {
      limit = Long.parseLong(target.substring(eq + 1));
    } catch (NumberFormatException e) {
      throw new BadInputException(hint);
    }
    if (limit < 0) {
      throw new BadInputException(hint);
    }
  }

  private long value(RunFigures figures) {
    return switch (metric) {
      case "failures" -> figures.tier("failed");
      case "bleed" -> figures.count("vm_bleed");
      case "irq_failures" -> figures.count(RunFigures.IRQ_FAILURES);
      default -> figures.count(metric);
    };
  }

  private ImmutableList<String> withKnob(long setting) {
    return ImmutableList.<String>builder().addAll(sets).add(knob + "=" + setting).build();
  }

  private SizingPoint evaluate(SweepRunner runner, SeedRange seeds, int jobs, long setting,
      TreeMap<Long, SizingPoint> tried) throws Exception {
    SizingPoint known = tried.get(setting);
    if (known != null) {
      return known;
    }
    List<RunSpec> runs = SweepPlan.specs(SweepGrid.of(List.of(knob + "=" + setting)), seeds,
        ShardSpec.WHOLE, SweepPlan.Faults.NONE);
    List<RunSpec> withFixed = new ArrayList<>();
    for (RunSpec run : runs) {
      withFixed.add(new RunSpec(run.index(), run.seed(), withKnob(setting), run.faults()));
    }
    long[] failing = new long[1];
    runner.run(withFixed, jobs, options.progress(spec.commandLine().getErr(), runs.size()),
        result -> {
          if (value(result.figures()) > limit) {
            failing[0]++;
          }
        });
    SizingPoint point = new SizingPoint(setting, runs.size(), failing[0]);
    tried.put(setting, point);
    return point;
  }

  /** Any pair of settings where the larger one failed more often contradicts monotonicity. */
  static List<String> monotonicityNotes(TreeMap<Long, SizingPoint> tried) {
    List<String> notes = new ArrayList<>();
    SizingPoint best = null;
    for (SizingPoint p : tried.values()) {
      if (best != null && p.failingRuns() > best.failingRuns()) {
        notes.add("non-monotone: " + p.setting() + " misses the target on " + p.failingRuns()
            + " seeds, more than " + best.setting() + " (" + best.failingRuns()
            + "); bisection assumes more reserve never hurts, so the answer may not be the "
            + "smallest");
      }
      if (best == null || p.failingRuns() < best.failingRuns()) {
        best = p;
      }
    }
    return notes;
  }
}
