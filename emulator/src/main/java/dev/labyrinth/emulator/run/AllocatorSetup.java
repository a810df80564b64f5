package dev.labyrinth.emulator.run;

import dev.labyrinth.emulator.mm.PageAllocator;
import dev.labyrinth.emulator.mm.Zone;
import dev.labyrinth.emulator.mm.ZoneLayout;
import dev.labyrinth.emulator.mm.ZoneType;
import dev.labyrinth.emulator.scenario.MachineSpec;
import dev.labyrinth.emulator.scenario.SysctlSpec;
import dev.labyrinth.emulator.scenario.ZoneSpec;
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
    PageAllocator allocator = new PageAllocator(layout(machine), tracer, clockNs);
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
