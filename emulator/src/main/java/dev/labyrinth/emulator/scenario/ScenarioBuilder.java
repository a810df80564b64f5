package dev.labyrinth.emulator.scenario;

import dev.labyrinth.emulator.machine.DeliveryPolicy;
import dev.labyrinth.emulator.machine.Softirq;
import dev.labyrinth.emulator.machine.Step;
import dev.labyrinth.emulator.machine.Trigger;
import dev.labyrinth.emulator.mm.Gfp;
import dev.labyrinth.emulator.mm.Lru;

import com.google.common.collect.ImmutableList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the validated values into records, after the checks that span several keys (zone order,
 * page-count ordering, unique device names, device CPU within the machine).
 *
 * <p>The cross-key checks run even when other keys were invalid, on whatever is valid, so their
 * problems arrive in the same report. Records are built only when there are no problems at all.
 */
final class ScenarioBuilder {
  private final List<Problem> problems;

  ScenarioBuilder(List<Problem> problems) {
    this.problems = problems;
  }

  /** Runs the cross-key checks on {@code root}. */
  void check(ObjectValue root) {
    if (root.has("machine")) {
      ObjectValue machine = root.getObject("machine");
      if (machine.has("zones")) {
        checkZones(machine.getList("zones"));
      }
    }
    if (root.has("devices")) {
      Integer cpus =
          root.has("machine") && root.getObject("machine").has("cpus")
              ? root.getObject("machine").getInt("cpus")
              : null;
      checkDevices(root.getList("devices"), cpus);
    }
    java.util.TreeSet<String> taskNames = new java.util.TreeSet<>();
    if (root.has("tasks")) {
      Integer cpus =
          root.has("machine") && root.getObject("machine").has("cpus")
              ? root.getObject("machine").getInt("cpus")
              : null;
      for (ObjectValue task : root.<ObjectValue>getList("tasks")) {
        if (task.has("name") && !taskNames.add(task.getString("name"))) {
          problems.add(task.markOf("name").problem(task.pathOf("name"),
              "duplicate task name `" + task.getString("name") + "`"));
        }
        checkCpu(task, "cpu", cpus);
      }
      for (ObjectValue task : root.<ObjectValue>getList("tasks")) {
        if (task.has("steps")) {
          checkSteps(task.getList("steps"), taskNames);
          checkForkCpus(task.getList("steps"), cpus);
        }
      }
      new ProcessSteps(problems).check(root.getList("tasks"));
    }
    if (root.has("faults") && root.has("devices")) {
      checkFaultDevices(root.getObject("faults"), root.getList("devices"));
    }
    if (root.has("devices")) {
      for (ObjectValue device : root.<ObjectValue>getList("devices")) {
        checkDeviceKind(device);
        for (String key : List.of("handler", "softirq")) {
          if (device.has(key)) {
            checkSteps(device.getList(key), taskNames);
          }
        }
      }
    }
  }

  /**
   * The sites that act on a device name one that exists; an enabled one with no {@code device}
   * needs the scenario to have a device to default to.
   */
  private void checkFaultDevices(ObjectValue faults, ImmutableList<ObjectValue> devices) {
    List<String> names = devices.stream().filter(d -> d.has("name"))
        .map(d -> d.getString("name")).toList();
    for (String site : List.of("irq_storm", "device_stop")) {
      if (!faults.has(site)) {
        continue;
      }
      ObjectValue fault = faults.getObject(site);
      if (fault.has("device")) {
        String device = fault.getString("device");
        if (!names.contains(device)) {
          String hint = DidYouMean.suggest(device, names).map(n -> "; did you mean `" + n + "`?")
              .orElse(names.isEmpty() ? "; the scenario has no devices"
                  : "; expected one of: " + String.join(", ", names));
          problems.add(fault.markOf("device").problem(fault.pathOf("device"),
              "no device named `" + device + "` in `devices`" + hint));
        }
      } else if (devices.isEmpty() && fault.has("enabled") && fault.getBoolean("enabled")) {
        problems.add(fault.markOf("enabled").problem(fault.pathOf("enabled"),
            "`" + site + "` acts on a device, and the scenario has no `devices`"));
      }
    }
  }

  private void checkCpu(ObjectValue value, String key, Integer cpus) {
    if (cpus != null && value.has(key) && value.getInt(key) >= cpus) {
      problems.add(value.markOf(key).problem(value.pathOf(key), "CPU " + value.getInt(key)
          + " does not exist; machine.cpus is " + cpus + ", so use 0.." + (cpus - 1)));
    }
  }

  /** The keys each device kind needs; the others must not be given. */
  private void checkDeviceKind(ObjectValue device) {
    if (!device.has("kind")) {
      return;
    }
    String kind = device.getString("kind");
    List<String> needed = switch (kind) {
      case "timer" -> List.of("period");
      case "poisson" -> List.of("mean");
      case "burst" -> List.of("on", "off", "mean");
      default -> List.of();
    };
    for (String key : needed) {
      if (!device.marks().containsKey(key) && !device.has(key)) {
        problems.add(device.mark().problem(device.path(), "a " + kind + " device needs `" + key
            + "`"));
      }
    }
    for (String key : List.of("period", "jitter", "mean", "on", "off", "arrivals", "file")) {
      boolean applies = switch (key) {
        case "period", "jitter" -> kind.equals("timer");
        case "mean" -> kind.equals("poisson") || kind.equals("burst");
        case "on", "off" -> kind.equals("burst");
        default -> kind.equals("replay");
      };
      if (!applies && device.marks().containsKey(key)) {
        problems.add(device.markOf(key).problem(device.pathOf(key),
            "`" + key + "` does not apply to a " + kind + " device"));
      }
    }
    if (kind.equals("replay")
        && device.marks().containsKey("arrivals") == device.marks().containsKey("file")) {
      problems.add(device.mark().problem(device.path(),
          "a replay device needs exactly one of `arrivals` or `file`"));
    }
    if (kind.equals("timer") && device.has("period") && device.has("jitter")
        && device.getLong("jitter") >= device.getLong("period")) {
      problems.add(device.markOf("jitter").problem(device.pathOf("jitter"),
          "must be less than `period`"));
    }
    if (device.marks().containsKey("cpu") && device.marks().containsKey("affinity")) {
      problems.add(device.markOf("affinity").problem(device.pathOf("affinity"),
          "`cpu` and `affinity` can't both be given; keep one"));
    }
  }

  private void checkSteps(ImmutableList<ObjectValue> steps, java.util.Set<String> taskNames) {
    for (ObjectValue step : steps) {
      for (String key : List.of("alloc", "fill")) {
        if (step.has(key) && step.getObject(key).has("gfp")) {
          ObjectValue value = step.getObject(key);
          try {
            Gfp.parse(value.getString("gfp"));
          } catch (IllegalArgumentException e) {
            problems.add(value.markOf("gfp").problem(value.pathOf("gfp"), e.getMessage()));
          }
        }
      }
      if (step.has("wake") && !taskNames.contains(step.getString("wake"))) {
        problems.add(step.markOf("wake").problem(step.pathOf("wake"),
            "no task named `" + step.getString("wake") + "` in `tasks`"));
      }
      for (String nested : List.of("loop", "fork")) {
        if (step.has(nested) && step.getObject(nested).has("steps")) {
          checkSteps(step.getObject(nested).getList("steps"), taskNames);
        }
      }
    }
  }

  private void checkForkCpus(ImmutableList<ObjectValue> steps, Integer cpus) {
    for (ObjectValue step : steps) {
      if (step.has("fork")) {
        checkCpu(step.getObject("fork"), "cpu", cpus);
      }
    }
  }

  private void checkZones(ImmutableList<ObjectValue> zones) {
    ObjectValue previous = null;
    for (ObjectValue zone : zones) {
      if (zone.has("name") && previous != null && previous.has("name")) {
        int order = ScenarioFields.ZONE_NAMES.indexOf(zone.getString("name"));
        int previousOrder = ScenarioFields.ZONE_NAMES.indexOf(previous.getString("name"));
        if (order == previousOrder) {
          problems.add(
              zone.markOf("name")
                  .problem(
                      zone.pathOf("name"),
                      "zone `" + zone.getString("name") + "` is given twice"));
        } else if (order < previousOrder) {
          problems.add(
              zone.markOf("name")
                  .problem(
                      zone.pathOf("name"),
                      "zone `" + zone.getString("name") + "` must come before `"
                          + previous.getString("name") + "`; list zones in Linux's order "
                          + String.join(", ", ScenarioFields.ZONE_NAMES)));
        }
      }
      if (zone.has("name")) {
        previous = zone;
      }
      checkAtLeast(zone, "present_pages", "managed_pages");
      checkAtLeast(zone, "spanned_pages", "present_pages");
    }
  }

  /** {@code key >= floor}, where an absent {@code present_pages} counts as managed_pages. */
  private void checkAtLeast(ObjectValue zone, String key, String floor) {
    if (!zone.has(key) || !zone.has("managed_pages")) {
      return;
    }
    long floorValue = floor.equals("present_pages") ? presentPages(zone) : zone.getLong(floor);
    if (zone.getLong(key) < floorValue) {
      problems.add(
          zone.markOf(key)
              .problem(
                  zone.pathOf(key),
                  String.format(
                      Locale.ROOT,
                      "must be at least %s (%d), got %d",
                      floor,
                      floorValue,
                      zone.getLong(key))));
    }
  }

  private static long presentPages(ObjectValue zone) {
    return zone.has("present_pages") ? zone.getLong("present_pages") : zone.getLong("managed_pages");
  }

  private void checkDevices(ImmutableList<ObjectValue> devices, Integer cpus) {
    Map<String, ObjectValue> byName = new LinkedHashMap<>();
    for (ObjectValue device : devices) {
      if (device.has("name")) {
        ObjectValue first = byName.putIfAbsent(device.getString("name"), device);
        if (first != null) {
          problems.add(
              device.markOf("name")
                  .problem(
                      device.pathOf("name"),
                      "duplicate device name `" + device.getString("name")
                          + "` (first given at " + first.markOf("name").shortWhere() + ")"));
        }
      }
      if (cpus != null && device.has("affinity")) {
        for (Long cpu : device.<Long>getList("affinity")) {
          if (cpu >= cpus) {
            problems.add(device.markOf("affinity").problem(device.pathOf("affinity"),
                "CPU " + cpu + " does not exist; machine.cpus is " + cpus));
          }
        }
      }
      if (cpus != null && device.has("cpu") && device.getInt("cpu") >= cpus) {
        problems.add(
            device.markOf("cpu")
                .problem(
                    device.pathOf("cpu"),
                    "CPU " + device.getInt("cpu") + " does not exist; machine.cpus is " + cpus
                        + ", so use 0.." + (cpus - 1)));
      }
    }
  }

  /** Builds the scenario; call only when no problems were found. */
  static Scenario build(
      ObjectValue root,
      String sourceName,
      String sourceText,
      String sha256,
      ImmutableList<String> overrides) {
    ObjectValue machine = root.getObject("machine");
    ImmutableList<DeviceSpec> devices =
        root.<ObjectValue>getList("devices").stream()
            .map(ScenarioBuilder::device)
            .collect(ImmutableList.toImmutableList());
    ReclaimSpec reclaim = reclaim(machine.getObject("reclaim"));
    ImmutableList<TimelineEntry> timeline =
        root.<ObjectValue>getList("timeline").stream()
            .map(ScenarioBuilder::timelineEntry)
            .collect(ImmutableList.toImmutableList());
    return new Scenario(
        root.getString("name"),
        root.getLong("seed"),
        root.getLong("duration"),
        machine(machine),
        devices,
        root.<ObjectValue>getList("tasks").stream()
            .map(ScenarioBuilder::task)
            .collect(ImmutableList.toImmutableList()),
        sourceName,
        sourceText,
        sha256,
        overrides,
        reclaim,
        timeline,
        new KernelSpec(root.getObject("kernel").getBoolean("cow_bug")),
        faults(root.getObject("faults")));
  }

  /** The fault sites; an absent {@code device} stays "" (the run takes the first device). */
  private static FaultsSpec faults(ObjectValue faults) {
    ObjectValue storm = faults.getObject("irq_storm");
    ObjectValue delay = faults.getObject("kswapd_delay");
    ObjectValue noProgress = faults.getObject("reclaim_no_progress");
    ObjectValue stop = faults.getObject("device_stop");
    return new FaultsSpec(
        new FaultsSpec.IrqStorm(storm.getBoolean("enabled"),
            storm.has("device") ? storm.getString("device") : "",
            storm.getLong("every"),
            storm.has("start") ? storm.getLong("start") : FaultsSpec.DRAWN,
            storm.getLong("length")),
        new FaultsSpec.KswapdDelay(delay.getBoolean("enabled"), delay.getLong("delay"),
            delay.getBoolean("random")),
        new FaultsSpec.ReclaimNoProgress(noProgress.getBoolean("enabled"),
            noProgress.getLong("start"),
            noProgress.has("length") ? noProgress.getLong("length") : FaultsSpec.FOREVER,
            noProgress.getInt("percent")),
        new FaultsSpec.DeviceStop(stop.getBoolean("enabled"),
            stop.has("device") ? stop.getString("device") : "",
            stop.has("start") ? stop.getLong("start") : FaultsSpec.DRAWN,
            stop.has("length") ? stop.getLong("length") : FaultsSpec.FOREVER));
  }

  private static ReclaimSpec reclaim(ObjectValue reclaim) {
    return new ReclaimSpec(
        reclaim.getLong("cost_per_page"), reclaim.getLong("page_cache"), reclaim.getLong("anon"));
  }

  private static TimelineEntry timelineEntry(ObjectValue entry) {
    ObjectValue sysctl = entry.getObject("sysctl");
    return new TimelineEntry(
        entry.getLong("at"),
        sysctl.has("vm.min_free_kbytes") ? sysctl.getLong("vm.min_free_kbytes") : -1,
        sysctl.has("vm.watermark_scale_factor") ? sysctl.getInt("vm.watermark_scale_factor") : -1,
        sysctl.has("vm.watermark_boost_factor") ? sysctl.getInt("vm.watermark_boost_factor") : -1);
  }

  private static MachineSpec machine(ObjectValue machine) {
    long memoryBytes = machine.has("memory") ? machine.getLong("memory") : 0;
    ImmutableList<ZoneSpec> zones =
        machine.has("zones")
            ? machine.<ObjectValue>getList("zones").stream()
                .map(ScenarioBuilder::zone)
                .collect(ImmutableList.toImmutableList())
            : ImmutableList.of();
    ObjectValue zoneLock = machine.getObject("zone_lock");
    return new MachineSpec(machine.getInt("cpus"), memoryBytes, zones,
        sysctl(machine.getObject("sysctl")),
        new ZoneLockSpec(zoneLock.getLong("base"), zoneLock.getLong("per_block")));
  }

  private static ZoneSpec zone(ObjectValue zone) {
    long managed = zone.getLong("managed_pages");
    long present = presentPages(zone);
    long spanned = zone.has("spanned_pages") ? zone.getLong("spanned_pages") : present;
    return new ZoneSpec(zone.getString("name"), managed, present, spanned);
  }

  private static SysctlSpec sysctl(ObjectValue sysctl) {
    ImmutableList<Integer> ratios =
        sysctl.<Long>getList("vm.lowmem_reserve_ratio").stream()
            .map(Math::toIntExact)
            .collect(ImmutableList.toImmutableList());
    return new SysctlSpec(
        sysctl.getLong("vm.min_free_kbytes"),
        sysctl.getInt("vm.watermark_scale_factor"),
        ratios,
        sysctl.getInt("vm.watermark_boost_factor"));
  }

  private static DeviceSpec device(ObjectValue device) {
    ImmutableList<Integer> affinity = device.has("affinity")
        ? device.<Long>getList("affinity").stream().map(Math::toIntExact).distinct().sorted()
            .collect(ImmutableList.toImmutableList())
        : ImmutableList.of(device.getInt("cpu"));
    return new DeviceSpec(
        device.getString("name"),
        DeviceKind.valueOf(device.getString("kind").toUpperCase(Locale.ROOT)),
        device.has("period") ? device.getLong("period") : 0,
        device.getLong("jitter"),
        device.has("mean") ? device.getLong("mean") : 0,
        device.has("on") ? device.getLong("on") : 0,
        device.has("off") ? device.getLong("off") : 0,
        device.has("arrivals") ? device.<Long>getList("arrivals") : ImmutableList.of(),
        device.has("file") ? device.getString("file") : "",
        affinity,
        DeliveryPolicy.valueOf(device.getString("policy").toUpperCase(Locale.ROOT)),
        device.getInt("priority"),
        Trigger.valueOf(device.getString("trigger").toUpperCase(Locale.ROOT)),
        device.getInt("unhandled_every"),
        steps(device.getList("handler")),
        steps(device.getList("softirq")));
  }

  private static TaskSpec task(ObjectValue task) {
    return new TaskSpec(task.getString("name"), task.getInt("cpu"), task.getLong("start"),
        steps(task.getList("steps")));
  }

  /** The {@code lru} of a fill step: {@code none} keeps the pages on the task. */
  private static Lru lru(String name) {
    return name.equals("file") ? Lru.FILE : name.equals("anon") ? Lru.ANON : null;
  }

  private static ImmutableList<Step> steps(ImmutableList<ObjectValue> steps) {
    ImmutableList.Builder<Step> out = ImmutableList.builder();
    for (ObjectValue s : steps) {
      if (s.has("compute")) {
        out.add(new Step.Compute(s.getLong("compute")));
      } else if (s.has("alloc")) {
        ObjectValue a = s.getObject("alloc");
        out.add(new Step.Alloc(a.getInt("order"), Gfp.parse(a.getString("gfp")), a.getInt("count"),
            a.has("hold") ? a.getLong("hold") : Step.Alloc.KEEP, a.getLong("cost")));
      } else if (s.has("free")) {
        ObjectValue f = s.getObject("free");
        out.add(new Step.Free(f.has("count") ? f.getInt("count") : Step.Free.ALL));
      } else if (s.has("raise_softirq")) {
        out.add(new Step.RaiseSoftirq(Softirq.byName(s.getString("raise_softirq"))));
      } else if (s.has("wake")) {
        out.add(new Step.Wake(s.getString("wake")));
      } else if (s.has("sleep")) {
        out.add(new Step.Sleep(s.getLong("sleep")));
      } else if (s.has("wait")) {
        out.add(new Step.Wait(s.getLong("wait")));
      } else if (s.has("local_irq")) {
        out.add(new Step.IrqsOff(s.getString("local_irq").equals("disable")));
      } else if (s.has("loop")) {
        ObjectValue l = s.getObject("loop");
        out.add(new Step.Loop(l.getInt("count"), steps(l.getList("steps"))));
      } else if (s.has("fill")) {
        ObjectValue f = s.getObject("fill");
        out.addAll(Step.fill(f.getLong("total") / ScenarioFields.PAGE_BYTES,
            Math.toIntExact(f.getLong("chunk") / ScenarioFields.PAGE_BYTES), f.getLong("every"),
            Gfp.parse(f.getString("gfp")), f.getLong("cost"), lru(f.getString("lru"))));
      } else {
        Step process = ProcessSteps.build(s, ScenarioBuilder::steps);
        if (process == null) {
          throw new IllegalStateException("step with no known key at " + s.path());
        }
        out.add(process);
      }
    }
    return out.build();
  }
}
