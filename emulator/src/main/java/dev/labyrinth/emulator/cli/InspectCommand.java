package dev.labyrinth.emulator.cli;

import dev.labyrinth.emulator.mm.PageAllocator;
import dev.labyrinth.emulator.mm.ProcFiles;
import dev.labyrinth.emulator.run.ScenarioRun;
import dev.labyrinth.emulator.scenario.Scenario;
import dev.labyrinth.emulator.scenario.Units;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code labyrinth inspect}: runs a scenario to an emulated time with tracing off and prints one
 * of the allocator's /proc files in the kernel's layout.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
    description = {"Print an emulated /proc file at a point of a scenario's run.",
        "Runs the scenario with tracing off until --at (events at exactly that time included), "
            + "then prints /proc/zoneinfo, /proc/buddyinfo, /proc/pagetypeinfo or /proc/vmstat "
            + "as Linux 6.18 lays it out."})
final class InspectCommand implements Callable<Integer> {

  /** The /proc files {@code inspect} can print. */
  enum View { zoneinfo, buddyinfo, pagetypeinfo, vmstat }

  @Spec
  CommandSpec spec;

  @Mixin
  ScenarioOptions scenarioOptions = new ScenarioOptions();

  @Option(names = "--at", paramLabel = "TIME", defaultValue = "0ns",
      description = "Emulated time to stop at, with a unit: 0ns, 150ms, 2s (default: 0ns).")
  String at;

  @Option(names = "--view", paramLabel = "VIEW", required = true,
      description = "zoneinfo, buddyinfo, pagetypeinfo or vmstat.")
  View view;

  @Override
  public Integer call() throws Exception {
    Scenario scenario = scenarioOptions.load();
    long atNs;
    try {
      atNs = Units.parseTimeNs(at);
    } catch (IllegalArgumentException e) {
      throw new BadInputException("--at " + at + ": " + e.getMessage());
    }
    if (atNs > scenario.durationNs()) {
      throw new BadInputException("--at " + at + " is after the scenario's duration");
    }
    PageAllocator allocator =
        new ScenarioRun(scenario, ScenarioRun.DEFAULT_STEPS_MAX).allocatorAt(atNs);
    String text = switch (view) {
      case zoneinfo -> ProcFiles.zoneinfo(allocator);
      case buddyinfo -> ProcFiles.buddyinfo(allocator);
      case pagetypeinfo -> ProcFiles.pagetypeinfo(allocator);
      case vmstat -> ProcFiles.vmstat(allocator);
    };
    PrintWriter out = spec.commandLine().getOut();
    out.print(text);
    out.flush();
    return ExitCodes.OK;
  }
}
