package dev.labyrinth.emulator.scenario;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;

/**
 * The scenario format, declared once: every key, its type, range, default and description.
 *
 * <p>The validator, the "did you mean" suggestions and {@code --set} key resolution read this
 * table, and a test compares it with {@code scenarios/scenario.schema.json}. To add a key, add a
 * line here, read it in {@code ScenarioBuilder}, and add it to the schema.
 */
final class ScenarioFields {
  static final long KIB = 1L << 10;
  static final long MIB = 1L << 20;
  static final long TIB = 1L << 40;
  static final long PAGE_BYTES = 4 * KIB;

  /** Largest page count of one zone: the largest memory allowed, in 4 KiB pages. */
  static final long MAX_ZONE_PAGES = 64 * TIB / PAGE_BYTES;

  /**
   * Longest time any scenario value may give: 30 days. Far beyond any useful run, yet small
   * enough that the clock plus any delay can never overflow a {@code long} of nanoseconds.
   */
  static final long MAX_TIME_NS = 30L * 24 * 3600 * 1_000_000_000L;

  static final int MAX_CPUS = 1024;
  static final int MAX_DEVICES = 256;
  static final int MAX_NAME_CHARS = 200;

  /** Linux's zone names on x86_64, in the kernel's zone order; explicit zones must follow it. */
  static final ImmutableList<String> ZONE_NAMES = ImmutableList.of("DMA", "DMA32", "Normal", "Movable");

  static final FieldType.Obj ZONE =
      obj(
          Field.required("name", new FieldType.Choice(ZONE_NAMES), "Linux zone name"),
          Field.required(
              "managed_pages",
              new FieldType.Int(1, MAX_ZONE_PAGES),
              "pages managed by the buddy allocator (/proc/zoneinfo `managed`)"),
          Field.optional(
              "present_pages",
              new FieldType.Int(1, MAX_ZONE_PAGES),
              null,
              "physical pages present, >= managed_pages; default managed_pages"),
          Field.optional(
              "spanned_pages",
              new FieldType.Int(1, MAX_ZONE_PAGES),
              null,
              "pages spanned including holes, >= present_pages; default present_pages"));

  static final FieldType.Obj SYSCTL =
      obj(
          Field.optional(
              "vm.min_free_kbytes",
              new FieldType.Int(0, Integer.MAX_VALUE),
              -1L,
              "reserve for atomic allocations in KiB; absent = Linux computes the default"),
          Field.optional(
              "vm.watermark_scale_factor",
              new FieldType.Int(1, 3000),
              10L,
              "gap between watermarks in units of 0.01% of zone memory"),
          Field.optional(
              "vm.lowmem_reserve_ratio",
              new FieldType.ListOf(new FieldType.Int(0, Integer.MAX_VALUE), 1, ZONE_NAMES.size()),
              ImmutableList.of(256L, 256L, 32L),
              "per-zone lowmem reserve ratios, from DMA upwards"),
          Field.optional(
              "vm.watermark_boost_factor",
              new FieldType.Int(0, Integer.MAX_VALUE),
              15000L,
              "watermark boost after fragmentation events, in units of 0.01%"));

  /** {@code machine.reclaim}: the reclaimable pool at boot and what reclaiming costs. */
  static final FieldType.Obj RECLAIM =
      obj(
          Field.optional(
              "cost_per_page",
              new FieldType.Time(0, 1_000_000_000L),
              1_000L,
              "emulated time kswapd or direct reclaim spends per reclaimed page"),
          Field.optional(
              "page_cache",
              new FieldType.Size(0, 64 * TIB, PAGE_BYTES),
              0L,
              "page cache on the file LRU at boot (reclaimable)"),
          Field.optional(
              "anon",
              new FieldType.Size(0, 64 * TIB, PAGE_BYTES),
              0L,
              "anonymous memory on the anon LRU at boot (reclaimed as if swapped)"));

  /**
   * {@code machine.zone_lock}: how long a {@code zone->lock} critical section holds the lock.
   * The defaults are estimates of real-world magnitudes, not measurements.
   */
  static final FieldType.Obj ZONE_LOCK =
      obj(
          Field.optional(
              "base",
              new FieldType.Time(0, 1_000_000_000L),
              100L,
              "time every zone->lock section holds the lock (IRQs off), an estimate"),
          Field.optional(
              "per_block",
              new FieldType.Time(0, 1_000_000_000L),
              50L,
              "added hold time per page or block moved under the lock, an estimate"));

  /** The sysctls a timeline entry may change; absent keys stay as they are. */
  static final FieldType.Obj SYSCTL_CHANGE =
      obj(
          Field.optional(
              "vm.min_free_kbytes",
              new FieldType.Int(0, Integer.MAX_VALUE),
              null,
              "new reserve for atomic allocations in KiB"),
          Field.optional(
              "vm.watermark_scale_factor",
              new FieldType.Int(1, 3000),
              null,
              "new gap between watermarks in units of 0.01% of zone memory"),
          Field.optional(
              "vm.watermark_boost_factor",
              new FieldType.Int(0, Integer.MAX_VALUE),
              null,
              "new watermark boost factor in units of 0.01%"));

  static final FieldType.Obj TIMELINE_ENTRY =
      obj(
          Field.required("at", new FieldType.Time(0, MAX_TIME_NS), "when, from the start"),
          Field.required("sysctl", SYSCTL_CHANGE, "sysctls to write, as `sysctl -w` would"));

  static final FieldType.Obj MACHINE =
      new FieldType.Obj(
          ImmutableList.of(
              Field.required("cpus", new FieldType.Int(1, MAX_CPUS), "number of CPUs"),
              Field.optional(
                  "memory",
                  new FieldType.Size(16 * MIB, 64 * TIB, PAGE_BYTES),
                  null,
                  "total memory, split into zones as Linux would; or give `zones`"),
              Field.optional(
                  "zones",
                  new FieldType.ListOf(ZONE, 1, ZONE_NAMES.size()),
                  null,
                  "explicit zones in Linux order; or give `memory`"),
              Field.optional("sysctl", SYSCTL, null, "vm sysctls, Linux names verbatim"),
              Field.optional("reclaim", RECLAIM, null, "the reclaimable memory pool"),
              Field.optional("zone_lock", ZONE_LOCK, null, "zone->lock hold times")),
          ImmutableList.of(ImmutableList.of("memory", "zones")));

  static final int MAX_STEPS = 1000;
  static final int MAX_TASKS = 1024;
  static final long MAX_COUNT = 1_000_000;

  static final ImmutableList<String> SOFTIRQ_NAMES = ImmutableList.of(
      "HI", "TIMER", "NET_TX", "NET_RX", "BLOCK", "IRQ_POLL", "TASKLET", "SCHED", "HRTIMER", "RCU");

  static final FieldType.Obj ALLOC =
      obj(
          Field.optional("order", new FieldType.Int(0, 10), 0L, "block size is 2^order pages"),
          Field.required("gfp", new FieldType.Text(1, MAX_NAME_CHARS),
              "GFP mask by Linux names, e.g. GFP_ATOMIC|__GFP_NOWARN"),
          Field.optional("count", new FieldType.Int(1, MAX_COUNT), 1L, "blocks to allocate"),
          Field.optional("hold", new FieldType.Time(0, MAX_TIME_NS), null,
              "free each block this long after; absent = keep it for a `free` step"),
          Field.optional("cost", new FieldType.Time(0, MAX_TIME_NS), 200L,
              "CPU time per page, during which the per-CPU list lock is held"));

  static final FieldType.Obj FREE =
      obj(Field.optional("count", new FieldType.Int(1, MAX_COUNT), null,
          "oldest kept blocks to free; absent = all"));

  static final FieldType.Obj FILL =
      obj(
          Field.required("total", new FieldType.Size(PAGE_BYTES, 64 * TIB, PAGE_BYTES),
              "memory to allocate in all, kept"),
          Field.optional("chunk", new FieldType.Size(PAGE_BYTES, 64 * TIB, PAGE_BYTES),
              64 * KIB, "memory allocated in one go"),
          Field.optional("every", new FieldType.Time(0, MAX_TIME_NS), 1_000_000L,
              "sleep between chunks (sets the rate)"),
          Field.optional("gfp", new FieldType.Text(1, MAX_NAME_CHARS), "GFP_HIGHUSER_MOVABLE",
              "GFP mask by Linux names"),
          Field.optional("cost", new FieldType.Time(0, MAX_TIME_NS), 200L,
              "CPU time per page, during which the per-CPU list lock is held"),
          Field.optional("lru", new FieldType.Choice(ImmutableList.of("none", "file", "anon")),
              "none", "put the pages on the file or anon LRU list, where reclaim can take them"));

  /** A buffer name from an earlier `mmap`, optionally `+offset` (a size, whole pages). */
  static final FieldType.Text BUFFER_AT = new FieldType.Text(1, MAX_NAME_CHARS);

  static FieldType.Obj range(Field... more) {
    List<Field> fields = new ArrayList<>();
    fields.add(Field.required("at", BUFFER_AT,
        "buffer name from an earlier mmap `as:`, or name+offset, e.g. buf+8KiB"));
    fields.add(Field.optional("length", new FieldType.Size(1, 64 * TIB, 1), null,
        "bytes from `at`; absent = to the end of the buffer"));
    fields.addAll(List.of(more));
    return new FieldType.Obj(ImmutableList.copyOf(fields), ImmutableList.of());
  }

  static final FieldType.Obj MMAP =
      obj(
          Field.required("as", new FieldType.Text(1, MAX_NAME_CHARS),
              "the buffer's name, used by later steps' `at:`"),
          Field.required("length", new FieldType.Size(1, 64 * TIB, 1), "bytes to map"),
          Field.optional("prot", new FieldType.Choice(ImmutableList.of("none", "r", "rw")), "rw",
              "PROT_READ (r), PROT_READ|PROT_WRITE (rw) or PROT_NONE"),
          Field.optional("flags", new FieldType.Choice(ImmutableList.of("private", "shared")),
              "private", "MAP_PRIVATE|MAP_ANONYMOUS or MAP_SHARED|MAP_ANONYMOUS"));

  static final FieldType.Obj ACCESS = range();

  static final FieldType.Obj MPROTECT = range(Field.required("prot",
      new FieldType.Choice(ImmutableList.of("none", "r", "rw")), "the new protection"));

  static final FieldType.Obj MADVISE = range(Field.required("advice",
      new FieldType.Choice(ImmutableList.of("MADV_DONTFORK", "MADV_DOFORK", "MADV_WIPEONFORK",
          "MADV_KEEPONFORK")), "the advice, Linux's name"));

  static final FieldType.Obj PIN = range(
      Field.required("kind", new FieldType.Choice(ImmutableList.of("vmsplice", "ro_longterm",
          "rw_longterm")), "vmsplice (FOLL_GET), ro_longterm (FOLL_PIN|FOLL_LONGTERM) or "
          + "rw_longterm (also FOLL_WRITE: an io_uring fixed buffer)"),
      Field.required("as", new FieldType.Text(1, MAX_NAME_CHARS),
          "the pin's name, for read_pin and unpin"));

  /** Steps interrupt handlers and softirq work may take: they cannot sleep. */
  static final FieldType.Obj HANDLER_STEP = step(false, false, false);

  /** Task steps inside a loop (loops nest one level). */
  static final FieldType.Obj TASK_STEP_IN_LOOP = step(true, false, false);

  static final FieldType.Obj LOOP =
      obj(
          Field.required("count", new FieldType.Int(1, MAX_COUNT), "iterations"),
          Field.required("steps", new FieldType.ListOf(TASK_STEP_IN_LOOP, 1, MAX_STEPS),
              "the body; loops do not nest"));

  /** Steps of a fork child's program: anything a task does, except fork again. */
  static final FieldType.Obj CHILD_STEP = step(true, true, false);

  static final FieldType.Obj FORK =
      obj(
          Field.optional("cpu", new FieldType.Int(0, MAX_CPUS - 1), null,
              "CPU the child runs on; absent = the parent's"),
          Field.required("steps", new FieldType.ListOf(CHILD_STEP, 1, MAX_STEPS),
              "the child's program; a child does not fork again"));

  static final FieldType.Obj TASK_STEP = step(true, true, true);

  private static FieldType.Obj step(boolean task, boolean loop, boolean fork) {
    List<Field> fields = new ArrayList<>();
    fields.add(Field.optional("compute", new FieldType.Time(0, MAX_TIME_NS), null,
        "run on the CPU this long"));
    fields.add(Field.optional("alloc", ALLOC, null, "allocate pages"));
    fields.add(Field.optional("free", FREE, null, "free kept blocks"));
    fields.add(Field.optional("raise_softirq", new FieldType.Choice(SOFTIRQ_NAMES), null,
        "raise a softirq vector, queueing the device's softirq steps"));
    fields.add(Field.optional("wake", new FieldType.Text(1, MAX_NAME_CHARS), null,
        "wake the task with this name"));
    if (task) {
      fields.add(Field.optional("sleep", new FieldType.Time(0, MAX_TIME_NS), null,
          "sleep this long"));
      fields.add(Field.optional("wait", new FieldType.Time(1, MAX_TIME_NS), null,
          "sleep until woken, at most this long"));
      fields.add(Field.optional("local_irq", new FieldType.Choice(ImmutableList.of("disable", "enable")), null,
          "local_irq_disable() or local_irq_enable()"));
      fields.add(Field.optional("fill", FILL, null, "memory-pressure workload"));
      fields.add(Field.optional("mmap", MMAP, null, "map anonymous memory and name it"));
      fields.add(Field.optional("read", ACCESS, null, "load every page of a range"));
      fields.add(Field.optional("write", ACCESS, null, "store to every page of a range"));
      fields.add(Field.optional("touch", ACCESS, null,
          "populate a range by writing it (memset), as `write`"));
      fields.add(Field.optional("mprotect", MPROTECT, null, "change a range's protection"));
      fields.add(Field.optional("madvise", MADVISE, null, "madvise a range"));
      fields.add(Field.optional("munmap", ACCESS, null, "unmap a range"));
      fields.add(Field.optional("clear_refs", new FieldType.Int(4, 4), null,
          "echo 4 > /proc/self/clear_refs: clear soft-dirty bits"));
      fields.add(Field.optional("pin", PIN, null, "take a named GUP reference on a range"));
      fields.add(Field.optional("read_pin", new FieldType.Text(1, MAX_NAME_CHARS), null,
          "read through the named pin (pipe read, io_uring write_fixed)"));
      fields.add(Field.optional("unpin", new FieldType.Text(1, MAX_NAME_CHARS), null,
          "drop the named pin"));
      fields.add(Field.optional("signal", new FieldType.Text(1, MAX_NAME_CHARS), null,
          "set the named event and wake its waiters"));
      fields.add(Field.optional("wait_for", new FieldType.Text(1, MAX_NAME_CHARS), null,
          "sleep until the named event is set"));
      fields.add(Field.optional("exit", new FieldType.Int(0, 255), null,
          "exit(status): the process's memory goes and the task ends"));
    }
    if (fork) {
      fields.add(Field.optional("fork", FORK, null, "fork(): the child runs its own steps"));
    }
    if (loop) {
      fields.add(Field.optional("loop", LOOP, null, "repeat steps"));
    }
    ImmutableList<String> names =
        fields.stream().map(Field::name).collect(ImmutableList.toImmutableList());
    return new FieldType.Obj(ImmutableList.copyOf(fields), ImmutableList.of(names));
  }

  static final FieldType.Obj DEVICE =
      obj(
          Field.required("name", new FieldType.Text(1, MAX_NAME_CHARS), "unique device name"),
          Field.required(
              "kind",
              new FieldType.Choice(ImmutableList.of("timer", "poisson", "burst", "replay")),
              "arrival pattern"),
          Field.optional(
              "period", new FieldType.Time(1, MAX_TIME_NS), null,
              "timer: time between interrupts"),
          Field.optional(
              "jitter",
              new FieldType.Time(0, MAX_TIME_NS),
              0L,
              "timer: maximum displacement of each interrupt"),
          Field.optional("mean", new FieldType.Time(1, MAX_TIME_NS), null,
              "poisson, burst: mean time between interrupts (while on)"),
          Field.optional("on", new FieldType.Time(1, MAX_TIME_NS), null,
              "burst: length of each on period"),
          Field.optional("off", new FieldType.Time(0, MAX_TIME_NS), null,
              "burst: length of each off period"),
          Field.optional("arrivals", new FieldType.ListOf(new FieldType.Time(0, MAX_TIME_NS),
              1, 1_000_000), null, "replay: arrival times, non-decreasing"),
          Field.optional("file", new FieldType.Text(1, 4096), null,
              "replay: file of arrival times, one per line, relative to the scenario file"),
          Field.optional(
              "cpu",
              new FieldType.Int(0, MAX_CPUS - 1),
              0L,
              "CPU the interrupt is routed to; must be < machine.cpus"),
          Field.optional("affinity", new FieldType.ListOf(new FieldType.Int(0, MAX_CPUS - 1), 1,
              MAX_CPUS), null, "CPUs the line may be delivered to; replaces `cpu`"),
          Field.optional("policy", new FieldType.Choice(ImmutableList.of("fixed", "round_robin",
              "least_loaded")), "fixed", "how a CPU of the affinity mask is chosen"),
          Field.optional("priority", new FieldType.Int(0, 255), 0L,
              "higher is delivered first among lines pending on one CPU"),
          Field.optional("trigger", new FieldType.Choice(ImmutableList.of("edge", "level")),
              "edge", "edge (merges while pending) or level"),
          Field.optional("unhandled_every", new FieldType.Int(0, MAX_COUNT), 0L,
              "every n-th interrupt is not this device's (IRQ_NONE); 0 = never"),
          Field.optional("handler", new FieldType.ListOf(HANDLER_STEP, 0, MAX_STEPS),
              ImmutableList.of(), "the hardirq handler's steps"),
          Field.optional("softirq", new FieldType.ListOf(HANDLER_STEP, 0, MAX_STEPS),
              ImmutableList.of(), "steps queued by each raise_softirq, run in softirq context"));

  static final FieldType.Obj TASK =
      obj(
          Field.required("name", new FieldType.Text(1, 15), "task name (comm, at most 15 chars)"),
          Field.optional("cpu", new FieldType.Int(0, MAX_CPUS - 1), 0L,
              "CPU the task is pinned to"),
          Field.optional("start", new FieldType.Time(0, MAX_TIME_NS), 0L,
              "when the task first wakes"),
          Field.required("steps", new FieldType.ListOf(TASK_STEP, 1, MAX_STEPS),
              "the task's program"));

  static final FieldType.Obj KERNEL =
      obj(Field.optional("cow_bug", new FieldType.Bool(), false,
          "bring back CVE-2020-29374 (pre-5.8 COW: mapcount-based reuse, no unshare on pin)"));

  /** Names of the fault sites, in the order the schema and documentation list them. */
  static final ImmutableList<String> FAULT_SITES =
      ImmutableList.of("irq_storm", "kswapd_delay", "reclaim_no_progress", "device_stop");

  private static Field faultEnabled() {
    return Field.optional("enabled", new FieldType.Bool(), false,
        "turn the fault on; a sweep's --swarm decides it per seed");
  }

  private static Field faultDevice() {
    return Field.optional("device", new FieldType.Text(1, MAX_NAME_CHARS), null,
        "the device's name; absent = the first device in `devices`");
  }

  static final FieldType.Obj IRQ_STORM =
      obj(
          faultEnabled(),
          faultDevice(),
          Field.optional("every", new FieldType.Time(1, MAX_TIME_NS), 10_000L,
              "time between the storm's extra interrupts"),
          Field.optional("start", new FieldType.Time(0, MAX_TIME_NS), null,
              "when the storm begins; absent = drawn from the fault's own stream"),
          Field.optional("length", new FieldType.Time(1, MAX_TIME_NS), 5_000_000L,
              "how long the storm lasts"));

  static final FieldType.Obj KSWAPD_DELAY =
      obj(
          faultEnabled(),
          Field.optional("delay", new FieldType.Time(1, MAX_TIME_NS), 5_000_000L,
              "how long each wake-up of kswapd takes before it starts reclaiming"),
          Field.optional("random", new FieldType.Bool(), false,
              "draw each delay uniformly from 0..delay from the fault's own stream"));

  static final FieldType.Obj RECLAIM_NO_PROGRESS =
      obj(
          faultEnabled(),
          Field.optional("start", new FieldType.Time(0, MAX_TIME_NS), 0L,
              "when reclaim stops making progress"),
          Field.optional("length", new FieldType.Time(1, MAX_TIME_NS), null,
              "how long; absent = to the end of the run"),
          Field.optional("percent", new FieldType.Int(1, 100), 100L,
              "chance, per reclaim attempt in the window, that it reclaims nothing"));

  static final FieldType.Obj DEVICE_STOP =
      obj(
          faultEnabled(),
          faultDevice(),
          Field.optional("start", new FieldType.Time(0, MAX_TIME_NS), null,
              "when the device stops; absent = drawn from the fault's own stream"),
          Field.optional("length", new FieldType.Time(1, MAX_TIME_NS), null,
              "how long it stays stopped; absent = for the rest of the run"));

  static final FieldType.Obj FAULTS =
      obj(
          Field.optional("irq_storm", IRQ_STORM, null,
              "a device interrupts far more often for a while"),
          Field.optional("kswapd_delay", KSWAPD_DELAY, null,
              "kswapd starts reclaiming late after each wake-up"),
          Field.optional("reclaim_no_progress", RECLAIM_NO_PROGRESS, null,
              "kswapd and direct reclaim reclaim nothing"),
          Field.optional("device_stop", DEVICE_STOP, null,
              "a device stops raising interrupts"));

  static final FieldType.Obj ROOT =
      obj(
          Field.required("name", new FieldType.Text(1, MAX_NAME_CHARS), "scenario name"),
          Field.optional(
              "seed",
              new FieldType.Int(Long.MIN_VALUE, Long.MAX_VALUE),
              0L,
              "root seed of every random stream (signed 64-bit)"),
          Field.required(
              "duration", new FieldType.Time(1, MAX_TIME_NS), "simulated time to run"),
          Field.required("machine", MACHINE, "the machine"),
          Field.optional(
              "devices",
              new FieldType.ListOf(DEVICE, 0, MAX_DEVICES),
              ImmutableList.of(),
              "interrupt-raising devices"),
          Field.optional(
              "tasks",
              new FieldType.ListOf(TASK, 0, MAX_TASKS),
              ImmutableList.of(),
              "tasks and their programs"),
          Field.optional(
              "timeline",
              new FieldType.ListOf(TIMELINE_ENTRY, 0, 10_000),
              ImmutableList.of(),
              "scenario actions at given times, applied after the machine's own work"),
          Field.optional("kernel", KERNEL, null, "kernel behaviour switches"),
          Field.optional("faults", FAULTS, null,
              "seeded fault injection; every site is off unless enabled"));

  private ScenarioFields() {}

  private static FieldType.Obj obj(Field... fields) {
    return new FieldType.Obj(ImmutableList.copyOf(fields), ImmutableList.of());
  }
}
