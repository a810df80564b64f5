package dev.labyrinth.emulator.run;

import dev.labyrinth.emulator.mm.Lru;
import dev.labyrinth.emulator.mm.PageAllocator;
import dev.labyrinth.emulator.mm.PageOrder;
import dev.labyrinth.emulator.mm.Zone;
import dev.labyrinth.emulator.mm.ZoneLayout;
import dev.labyrinth.emulator.mm.ZoneType;
import dev.labyrinth.emulator.scenario.MachineSpec;
import dev.labyrinth.emulator.scenario.ReclaimSpec;
import dev.labyrinth.emulator.scenario.Scenario;
import dev.labyrinth.emulator.scenario.SysctlSpec;
import dev.labyrinth.emulator.scenario.TimelineEntry;
import dev.labyrinth.emulator.scenario.ZoneSpec;
import dev.labyrinth.emulator.sim.Band;
import dev.labyrinth.emulator.sim.Simulation;
import dev.labyrinth.emulator.sim.Tracer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Boots the page allocator a scenario describes: its zones, then its sysctls, in the order a Linux
 * machine applies them (the kernel computes its defaults at boot, and {@code sysctl -w} at init
 * time then recomputes what each handler recomputes).
 */
final class AllocatorSetup {

  private AllocatorSetup() {}

  static PageAllocator boot(MachineSpec machine, Tracer tracer, LongSupplier clockNs) {
    PageAllocator allocator = new PageAllocator(layout(machine), machine.cpus(), tracer, clockNs);
    SysctlSpec sysctl = machine.sysctl();
    if (sysctl.watermarkScaleFactor() != SysctlSpec.DEFAULTS.watermarkScaleFactor()) {
      allocator.setWatermarkScaleFactor(sysctl.watermarkScaleFactor());
    }
    allocator.setWatermarkBoostFactor(sysctl.watermarkBoostFactor());
    int[] ratios = new int[ZoneType.COUNT];
    for (ZoneType type : ZoneType.values()) {
      int index = type.index();
      ratios[index] = index < sysctl.lowmemReserveRatio().size()
          ? sysctl.lowmemReserveRatio().get(index) : type.defaultLowmemReserveRatio();
    }
    allocator.setLowmemReserveRatio(ratios);
    if (sysctl.minFreeKbytes() >= 0) {
      allocator.setMinFreeKbytes(Math.toIntExact(sysctl.minFreeKbytes()));
    }
    return allocator;
  }

  /**
   * Wires what needs the simulation and fills the reclaimable pool: kswapd0, the allocator's
   * invariant check (run after every event when the simulation's invariants are enabled), the
   * reclaim cost,
   * the boot page cache and anon pages (a {@code reclaim_init} record when there are any), and
   * the timeline's sysctl writes at {@link Band#CONTROL}.
   */
  static void start(PageAllocator allocator, Scenario scenario, Simulation simulation,
      Tracer tracer) {
    allocator.startKswapd(simulation);
    simulation.addInvariantCheck("mm", allocator::checkInvariants); // runs only when enabled
    ReclaimSpec reclaim = scenario.reclaim();
    allocator.setReclaimCostPerPageNs(reclaim.costPerPageNs());
    long filePages = allocator.fillReclaimPool(reclaim.pageCacheBytes() / PageOrder.PAGE_SIZE_BYTES,
        Lru.FILE);
    long anonPages = allocator.fillReclaimPool(reclaim.anonBytes() / PageOrder.PAGE_SIZE_BYTES,
        Lru.ANON);
    if (filePages + anonPages > 0) {
      tracer.begin("reclaim_init", 0)
          .put("file_pages", filePages)
          .put("anon_pages", anonPages)
          .put("cost_per_page_ns", reclaim.costPerPageNs())
          .end();
    }
    for (TimelineEntry entry : scenario.timeline()) {
      simulation.schedule(entry.atNs(), Band.CONTROL,
          (now, arg) -> applySysctls(allocator, entry, tracer, now), 0);
    }
  }

  /**
   * Writes a timeline entry's sysctls in a fixed order, each recomputing as its Linux handler
   * does, and traces {@code sysctl} plus Linux's {@code mm_setup_per_zone_wmarks} per zone.
   */
  static void applySysctls(PageAllocator allocator, TimelineEntry entry, Tracer tracer,
      long nowNs) {
    if (entry.minFreeKbytes() >= 0) {
      allocator.setMinFreeKbytes(Math.toIntExact(entry.minFreeKbytes()));
      traceSysctl(tracer, nowNs, "vm.min_free_kbytes", entry.minFreeKbytes());
    }
    if (entry.watermarkScaleFactor() >= 0) {
      allocator.setWatermarkScaleFactor(entry.watermarkScaleFactor());
      traceSysctl(tracer, nowNs, "vm.watermark_scale_factor", entry.watermarkScaleFactor());
    }
    if (entry.watermarkBoostFactor() >= 0) {
      allocator.setWatermarkBoostFactor(entry.watermarkBoostFactor());
      traceSysctl(tracer, nowNs, "vm.watermark_boost_factor", entry.watermarkBoostFactor());
    }
    if (tracer.enabled()) {
      for (Zone zone : allocator.zones()) {
        tracer.begin("mm_setup_per_zone_wmarks", nowNs)
            .put("node_id", 0)
            .put("name", zone.name())
            .put("min", zone.minWmarkPages())
            .put("low", zone.lowWmarkPages())
            .put("high", zone.highWmarkPages())
            .put("promo", zone.promoWmarkPages())
            .end();
      }
    }
  }

  private static void traceSysctl(Tracer tracer, long nowNs, String name, long value) {
    tracer.begin("sysctl", nowNs).put("name", name).put("value", value).end();
  }

  /** Zones from {@code machine.memory} (split as x86_64 does) or from the explicit list. */
  static ZoneLayout layout(MachineSpec machine) {
    if (machine.zones().isEmpty()) {
      return ZoneLayout.fromMemoryBytes(machine.memoryBytes());
    }
    List<ZoneLayout.Sizes> sizes = new ArrayList<>();
    for (ZoneSpec zone : machine.zones()) {
      sizes.add(new ZoneLayout.Sizes(zoneType(zone.name()), zone.managedPages(),
          zone.presentPages(), zone.spannedPages()));
    }
    return ZoneLayout.packed(sizes);
  }

  private static ZoneType zoneType(String linuxName) {
    for (ZoneType type : ZoneType.values()) {
      if (type.linuxName().equals(linuxName)) {
        return type;
      }
    }
    throw new IllegalArgumentException("unknown zone " + linuxName
        + " (the scenario loader should have rejected it)");
  }

  /** One {@code zone_init} record per zone: its size and the watermarks it booted with. */
  static void traceZones(PageAllocator allocator, Tracer tracer) {
    for (Zone zone : allocator.zones()) {
      StringBuilder protection = new StringBuilder("(");
      long[] reserves = zone.lowmemReserves();
      for (int i = 0; i < reserves.length; i++) {
        protection.append(i == 0 ? "" : ", ").append(reserves[i]);
      }
      protection.append(')');
      tracer.begin("zone_init", 0)
          .put("zone", zone.name())
          .put("spanned", zone.spec().spannedPages())
          .put("present", zone.spec().presentPages())
          .put("managed", zone.managedPages())
          .put("free", zone.freePages())
          .put("min", zone.minWmarkPages())
          .put("low", zone.lowWmarkPages())
          .put("high", zone.highWmarkPages())
          .put("promo", zone.promoWmarkPages())
          .put("protection", protection.toString())
          .end();
    }
  }
}
