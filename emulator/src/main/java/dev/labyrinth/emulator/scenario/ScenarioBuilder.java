package dev.labyrinth.emulator.scenario;

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
        sourceName,
        sourceText,
        sha256,
        overrides,
        reclaim,
        timeline);
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
    return new MachineSpec(machine.getInt("cpus"), memoryBytes, zones, sysctl(machine.getObject("sysctl")));
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
    return new DeviceSpec(
        device.getString("name"),
        DeviceKind.valueOf(device.getString("kind").toUpperCase(Locale.ROOT)),
        device.getLong("period"),
        device.getLong("jitter"),
        device.getInt("cpu"));
  }
}
