package dev.labyrinth.emulator.scenario;

import com.google.common.collect.ImmutableList;

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
          Field.required("at", new FieldType.Time(0, Long.MAX_VALUE), "when, from the start"),
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
              Field.optional("reclaim", RECLAIM, null, "the reclaimable memory pool")),
          ImmutableList.of(ImmutableList.of("memory", "zones")));

  static final FieldType.Obj DEVICE =
      obj(
          Field.required("name", new FieldType.Text(1, MAX_NAME_CHARS), "unique device name"),
          Field.required("kind", new FieldType.Choice(ImmutableList.of("timer")), "device kind"),
          Field.required(
              "period", new FieldType.Time(1, Long.MAX_VALUE), "time between interrupts"),
          Field.optional(
              "jitter",
              new FieldType.Time(0, Long.MAX_VALUE),
              0L,
              "maximum displacement of each interrupt"),
          Field.optional(
              "cpu",
              new FieldType.Int(0, MAX_CPUS - 1),
              0L,
              "CPU the interrupt is routed to; must be < machine.cpus"));

  static final FieldType.Obj ROOT =
      obj(
          Field.required("name", new FieldType.Text(1, MAX_NAME_CHARS), "scenario name"),
          Field.optional(
              "seed",
              new FieldType.Int(Long.MIN_VALUE, Long.MAX_VALUE),
              0L,
              "root seed of every random stream (signed 64-bit)"),
          Field.required(
              "duration", new FieldType.Time(1, Long.MAX_VALUE), "simulated time to run"),
          Field.required("machine", MACHINE, "the machine"),
          Field.optional(
              "devices",
              new FieldType.ListOf(DEVICE, 0, MAX_DEVICES),
              ImmutableList.of(),
              "interrupt-raising devices"),
          Field.optional(
              "timeline",
              new FieldType.ListOf(TIMELINE_ENTRY, 0, 10_000),
              ImmutableList.of(),
              "scenario actions at given times, applied after the machine's own work"));

  private ScenarioFields() {}

  private static FieldType.Obj obj(Field... fields) {
    return new FieldType.Obj(ImmutableList.copyOf(fields), ImmutableList.of());
  }
}
