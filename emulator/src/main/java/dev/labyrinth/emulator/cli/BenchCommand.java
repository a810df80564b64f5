package dev.labyrinth.emulator.cli;

import dev.labyrinth.emulator.mm.AllocContext;
import dev.labyrinth.emulator.mm.Gfp;
import dev.labyrinth.emulator.mm.PageAllocator;
import dev.labyrinth.emulator.mm.PageOrder;
import dev.labyrinth.emulator.mm.ZoneLayout;
import dev.labyrinth.emulator.run.RunOutcome;
import dev.labyrinth.emulator.run.ScenarioRun;
import dev.labyrinth.emulator.scenario.Scenario;
import dev.labyrinth.emulator.scenario.ScenarioLoader;
import dev.labyrinth.emulator.sim.Action;
import dev.labyrinth.emulator.sim.Band;
import dev.labyrinth.emulator.sim.RandomStream;
import dev.labyrinth.emulator.sim.RandomStreams;
import dev.labyrinth.emulator.sim.Simulation;
import dev.labyrinth.emulator.sim.Tracer;
import dev.labyrinth.emulator.trace.CanonicalTraceWriter;
import dev.labyrinth.emulator.trace.TraceHeader;
import com.google.common.collect.ImmutableList;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code labyrinth bench}: short benchmarks of the event loop, the allocator and whole scenarios,
 * printed one figure per line as {@code name value unit}.
 *
 * <p>Ratios are measured side by side in one JVM and one run: the two contenders alternate round
 * by round and each keeps its best round, so a noisy neighbour slows both rather than one. The
 * figures are wall-clock measurements on a shared machine; they are reported, never asserted.
 * This is the one model-facing command that reads the wall clock ({@code cli} may).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Measure Labyrinth's speed and print one figure per line: name value unit.",
        "Hold model against java.util.PriorityQueue, order-0 alloc/free pairs through the per-CPU "
            + "lists, end-to-end events per second of the scenarios (trace written and tracing "
            + "off), heap bytes per emulated page frame, and emulated time against wall time."})
final class BenchCommand implements Callable<Integer> {

  /** Delays cycle through this many precomputed exponential variates (a power of two). */
  private static final int DELAY_TABLE_SIZE = 1 << 16;
  private static final long HOLD_MEAN_DELAY_NS = 1_000_000;
  private static final long LARGE_MACHINE_BYTES = 64L << 30;

  @Spec
  CommandSpec spec;

  @Option(names = "--quick", description = "Fewer and shorter rounds (well under two minutes).")
  boolean quick;

  @Option(names = "--scenarios", paramLabel = "DIR", defaultValue = "scenarios",
      description = "Directory of scenarios to run end to end (default: ${DEFAULT-VALUE}).")
  Path scenarioDir;

  @Option(names = "--only", paramLabel = "GROUP",
      description = "Run one group: hold, pcp, scenarios, heap, scaling (default: all).")
  String only;

  private PrintWriter out;

  @Override
  public Integer call() throws Exception {
    out = spec.commandLine().getOut();
    if (only != null && !List.of("hold", "pcp", "scenarios", "heap", "scaling").contains(only)) {
      throw new BadInputException("--only " + only
          + ": expected one of hold, pcp, scenarios, heap, scaling");
    }
    int rounds = quick ? 3 : 7;
    if (selected("hold")) {
      hold(100, quick ? 2_000_000 : 10_000_000, rounds);
      hold(10_000, quick ? 2_000_000 : 10_000_000, rounds);
      hold(1_000_000, quick ? 400_000 : 3_000_000, rounds);
    }
    if (selected("pcp")) {
      pcpPairs(quick ? 5_000_000 : 20_000_000, rounds);
    }
    if (selected("scenarios")) {
      scenarios(quick ? 0.6 : 4.0);
    }
    if (selected("heap")) {
      heapPerFrame();
    }
    if (selected("scaling")) {
      scaling(quick ? 0.6 : 3.0);
    }
    out.flush();
    return ExitCodes.OK;
  }

  private boolean selected(String group) {
    return only == null || only.equals(group);
  }

  private void figure(String name, double value, String unit) {
    String text = value >= 100 || value == Math.rint(value)
        ? String.format(Locale.ROOT, "%.0f", value)
        : String.format(Locale.ROOT, "%.3g", value);
    out.println(name + " " + text + " " + unit);
    out.flush();
  }

  // ---- The hold model. ----

  /** Exponential delays from a seeded stream, shared by both contenders so they see one input. */
  private static long[] delayTable() {
    RandomStream stream = new RandomStreams(42).stream("bench.hold");
    long[] delays = new long[DELAY_TABLE_SIZE];
    for (int i = 0; i < delays.length; i++) {
      delays[i] = stream.exponentialNs(HOLD_MEAN_DELAY_NS);
    }
    return delays;
  }

  private void hold(int pending, long ops, int rounds) {
    long[] delays = delayTable();
    String tag = pending == 100 ? "1e2" : pending == 10_000 ? "1e4" : "1e6";
    // Warm both up once (JIT), then alternate rounds; keep each side's best.
    long opsWarm = Math.min(ops, 1_000_000);
    holdOurs(delays, pending, opsWarm);
    holdPriorityQueue(delays, pending, opsWarm);
    double bestOurs = 0;
    double bestTheirs = 0;
    for (int round = 0; round < rounds; round++) {
      bestOurs = Math.max(bestOurs, holdOurs(delays, pending, ops));
      bestTheirs = Math.max(bestTheirs, holdPriorityQueue(delays, pending, ops));
    }
    figure("hold_" + tag + "_events_per_s", bestOurs, "events/s");
    figure("hold_" + tag + "_priorityqueue_events_per_s", bestTheirs, "events/s");
    figure("hold_" + tag + "_vs_priorityqueue", bestOurs / bestTheirs, "x");
  }

  /** Runs the hold model on {@link Simulation}; returns executed events per wall second. */
  private static double holdOurs(long[] delays, int pending, long ops) {
    Simulation simulation = new Simulation(1);
    HoldAction action = new HoldAction(simulation, delays);
    for (int i = 0; i < pending; i++) {
      simulation.schedule(action.nextDelayNs(), Band.CPU, action, i);
    }
    long startNs = System.nanoTime();
    simulation.run(Long.MAX_VALUE, ops);
    long wallNs = System.nanoTime() - startNs;
    return ops * 1e9 / Math.max(wallNs, 1);
  }

  /** Each event reschedules itself after the next delay of the table. */
  private static final class HoldAction implements Action {
    private final Simulation simulation;
    private final long[] delays;
    private int next;

    HoldAction(Simulation simulation, long[] delays) {
      this.simulation = simulation;
      this.delays = delays;
    }

    long nextDelayNs() {
      return delays[next++ & (DELAY_TABLE_SIZE - 1)];
    }

    @Override
    public void run(long nowNs, long arg) {
      simulation.scheduleAfter(nextDelayNs(), Band.CPU, this, arg);
    }
  }

  /** The textbook Java event list: event objects in a PriorityQueue ordered by (time, seq). */
  private static double holdPriorityQueue(long[] delays, int pending, long ops) {
    PriorityQueue<PqEvent> queue = new PriorityQueue<>(pending + 1);
    long seq = 0;
    int next = 0;
    for (int i = 0; i < pending; i++) {
      queue.add(new PqEvent(delays[next++ & (DELAY_TABLE_SIZE - 1)], ++seq, i));
    }
    long startNs = System.nanoTime();
    long checksum = 0;
    for (long op = 0; op < ops; op++) {
      PqEvent event = queue.poll();
      checksum += event.arg;
      queue.add(new PqEvent(event.timeNs + delays[next++ & (DELAY_TABLE_SIZE - 1)], ++seq,
          event.arg));
    }
    long wallNs = System.nanoTime() - startNs;
    if (checksum == Long.MIN_VALUE) {
      throw new AssertionError(); // keeps the loop's result alive
    }
    return ops * 1e9 / Math.max(wallNs, 1);
  }

  private record PqEvent(long timeNs, long seq, long arg) implements Comparable<PqEvent> {
    @Override
    public int compareTo(PqEvent o) {
      int byTime = Long.compare(timeNs, o.timeNs);
      return byTime != 0 ? byTime : Long.compare(seq, o.seq);
    }
  }

  // ---- The allocator. ----

  private void pcpPairs(int pairs, int rounds) {
    PageAllocator allocator =
        new PageAllocator(ZoneLayout.fromMemoryBytes(4L << 30), 4, Tracer.OFF, () -> 0L);
    AllocContext ctx = AllocContext.task(0, "bench", 1);
    pcpRound(allocator, ctx, Math.min(pairs, 1_000_000));
    double best = 0;
    for (int round = 0; round < rounds; round++) {
      best = Math.max(best, pcpRound(allocator, ctx, pairs));
    }
    allocator.checkInvariants();
    figure("pcp_order0_pairs_per_s", best, "pairs/s");
  }

  private static double pcpRound(PageAllocator allocator, AllocContext ctx, int pairs) {
    long startNs = System.nanoTime();
    for (int i = 0; i < pairs; i++) {
      long pfn = allocator.allocate(0, Gfp.GFP_KERNEL, ctx).pfn();
      allocator.free(pfn, 0, ctx);
    }
    long wallNs = System.nanoTime() - startNs;
    return pairs * 1e9 / Math.max(wallNs, 1);
  }

  // ---- Scenarios end to end. ----

  private void scenarios(double secondsEach) throws Exception {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> listing = Files.list(scenarioDir)) {
      listing.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted()
          .forEach(files::add);
    }
    long eventsLong = quick ? 500_000 : 2_000_000;
    Path traceFile = Files.createTempFile("labyrinth-bench", ".jsonl");
    try {
      for (Path file : files) {
        Scenario scenario = ScenarioLoader.load(file, List.of());
        String name = baseName(file);
        // As written: a whole run, boot included.
        Timing traced = repeat(scenario, traceFile, secondsEach / 2);
        Timing off = repeat(scenario, null, secondsEach / 2);
        figure(name + "_events", off.events, "events");
        figure(name + "_traced_events_per_s", traced.eventsPerSecond(), "events/s");
        figure(name + "_untraced_events_per_s", off.eventsPerSecond(), "events/s");
        if (off.events == 0) {
          continue;
        }
        // Stretched to about eventsLong events, so the figure is the event loop's, not boot's.
        long factor = Math.max(1, (eventsLong + off.events - 1) / off.events);
        Scenario stretched = ScenarioLoader.load(file,
            List.of("duration=" + Math.multiplyExact(scenario.durationNs(), factor) + "ns"));
        Timing longTraced = repeat(stretched, traceFile, secondsEach / 2);
        Timing longOff = repeat(stretched, null, secondsEach / 2);
        figure(name + "_long_events", longOff.events, "events");
        figure(name + "_long_traced_events_per_s", longTraced.eventsPerSecond(), "events/s");
        figure(name + "_long_untraced_events_per_s", longOff.eventsPerSecond(), "events/s");
        figure(name + "_long_trace_bytes_per_s", longTraced.traceBytes * 1e9 / longTraced.bestWallNs,
            "bytes/s");
        if (name.equals("imu-sensor")) {
          figure("sensor_emulated_vs_wall", scenario.durationNs() / traced.bestWallNs, "x");
          figure("sensor_emulated_vs_wall_untraced", scenario.durationNs() / off.bestWallNs,
              "x");
          figure("sensor_long_emulated_vs_wall", stretched.durationNs() / longTraced.bestWallNs,
              "x");
          figure("sensor_long_emulated_vs_wall_untraced",
              stretched.durationNs() / longOff.bestWallNs, "x");
        }
      }
    } finally {
      Files.deleteIfExists(traceFile);
    }
  }

  /** The best of several whole runs (boot included) within about {@code seconds} of wall time. */
  private static Timing repeat(Scenario scenario, Path traceFile, double seconds)
      throws IOException {
    long budgetNs = (long) (seconds * 1e9);
    long spentNs = 0;
    double bestWallNs = Double.MAX_VALUE;
    long events = 0;
    long traceBytes = 0;
    int runs = 0;
    while (runs < 3 || (spentNs < budgetNs && runs < 1000)) {
      long startNs = System.nanoTime();
      events = runOnce(scenario, traceFile);
      traceBytes = traceFile == null ? 0 : Files.size(traceFile);
      long wallNs = System.nanoTime() - startNs;
      spentNs += wallNs;
      bestWallNs = Math.min(bestWallNs, wallNs);
      runs++;
    }
    return new Timing(events, bestWallNs, traceBytes);
  }

  private static long runOnce(Scenario scenario, Path traceFile) throws IOException {
    ScenarioRun run = new ScenarioRun(scenario, ScenarioRun.DEFAULT_STEPS_MAX);
    if (traceFile == null) {
      return run.execute(Tracer.OFF).steps();
    }
    TraceHeader header = new TraceHeader(scenario.name(), scenario.sourceSha256(),
        scenario.seed(), ImmutableList.copyOf(scenario.overrides()));
    try (OutputStream stream = new BufferedOutputStream(Files.newOutputStream(traceFile), 1 << 16)) {
      CanonicalTraceWriter writer = new CanonicalTraceWriter(stream, header);
      RunOutcome outcome = run.execute(writer);
      writer.finish();
      return outcome.steps();
    }
  }

  private record Timing(long events, double bestWallNs, long traceBytes) {
    double eventsPerSecond() {
      return events * 1e9 / bestWallNs;
    }
  }

  private static String baseName(Path file) {
    String name = file.getFileName().toString();
    return name.substring(0, name.length() - ".yaml".length());
  }

  // ---- Heap per frame. ----

  private void heapPerFrame() {
    long frames = LARGE_MACHINE_BYTES / PageOrder.PAGE_SIZE_BYTES;
    long before = usedHeapAfterGc();
    PageAllocator allocator = new PageAllocator(ZoneLayout.fromMemoryBytes(LARGE_MACHINE_BYTES),
        4, Tracer.OFF, () -> 0L);
    long after = usedHeapAfterGc();
    figure("heap_bytes_per_frame", (double) (after - before) / frames, "bytes");
    figure("heap_large_machine_frames", frames, "frames");
    if (allocator.cpus() != 4) {
      throw new AssertionError(); // keeps the allocator reachable until after the measurement
    }
  }

  private static long usedHeapAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  // ---- Scaling with memory size and with events. ----

  /**
   * Cost against memory size and run length: imu-telemetry (tracing off) on machines of 1, 8 and
   * 64 GiB, each for a long duration and for five times it. The difference of the two runs gives
   * the cost per event without boot (which is linear in frames); the intercept is the boot.
   */
  private void scaling(double secondsEach) throws Exception {
    Path file = scenarioDir.resolve("imu-telemetry.yaml");
    if (!Files.isRegularFile(file)) {
      return;
    }
    for (String memory : new String[] {"1GiB", "8GiB", "64GiB"}) {
      Scenario base = ScenarioLoader.load(file, List.of());
      long shortNs = base.durationNs() * (quick ? 50 : 400);
      Scenario shortRun = ScenarioLoader.load(file, List.of("machine.memory=" + memory,
          "duration=" + shortNs + "ns"));
      Scenario longRun = ScenarioLoader.load(file, List.of("machine.memory=" + memory,
          "duration=" + (shortNs * 5) + "ns"));
      Timing a = repeat(shortRun, null, secondsEach / 2);
      Timing b = repeat(longRun, null, secondsEach / 2);
      double perEventNs = (b.bestWallNs - a.bestWallNs) / Math.max(1, b.events - a.events);
      double bootNs = a.bestWallNs - perEventNs * a.events;
      figure("scaling_" + memory + "_ns_per_event", perEventNs, "ns");
      figure("scaling_" + memory + "_boot_ms", bootNs / 1e6, "ms");
      figure("scaling_" + memory + "_events_short", a.events, "events");
      figure("scaling_" + memory + "_events_long", b.events, "events");
    }
  }
}
