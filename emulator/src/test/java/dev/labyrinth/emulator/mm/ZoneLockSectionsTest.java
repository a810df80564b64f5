package dev.labyrinth.emulator.mm;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableList;
import dev.labyrinth.emulator.sim.Tracer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which paths report a zone->lock section, and with how many blocks. */
class ZoneLockSectionsTest {
  private static final int KERNEL = Gfp.parse("GFP_KERNEL");
  private static final AllocContext CPU0 = AllocContext.task(0, "t", 1000);

  private final List<String> sections = new ArrayList<>();
  private final PageAllocator allocator = new PageAllocator(ZoneLayout.packed(ImmutableList.of(
      ZoneLayout.Sizes.of(ZoneType.NORMAL, 16384))), 2, Tracer.OFF, () -> 0L);

  ZoneLockSectionsTest() {
    allocator.setZoneLockListener((ctx, zone, blocks) ->
        sections.add("cpu" + ctx.cpu() + " " + zone.linuxName() + " " + blocks));
  }

  @Test
  void aRefillIsOneSectionForTheWholeBatchAndTheNextAllocationNone() {
    allocator.allocate(0, KERNEL, CPU0);
    int refilled = allocator.pcpCount(ZoneType.NORMAL, 0) + 1; // the one handed out
    assertThat(refilled).isGreaterThan(1);
    assertThat(sections).containsExactly("cpu0 Normal " + refilled); // rmqueue_bulk()
    sections.clear();
    allocator.allocate(0, KERNEL, CPU0);
    assertThat(sections).isEmpty(); // served from the per-CPU list: no zone lock
  }

  @Test
  void anOrderAboveTheCostlyOrderAndABypassTakeOneBlockUnderTheLock() {
    allocator.allocate(4, KERNEL, CPU0);
    assertThat(sections).containsExactly("cpu0 Normal 1"); // rmqueue_buddy()
    sections.clear();
    allocator.pcpLock(0);
    long pfn = allocator.allocate(0, KERNEL, CPU0).pfn();
    assertThat(sections).containsExactly("cpu0 Normal 1"); // trylock failed: rmqueue_buddy()
    sections.clear();
    allocator.free(pfn, 0, CPU0);
    assertThat(sections).containsExactly("cpu0 Normal 1"); // free_one_page()
    allocator.pcpUnlock(0);
  }

  @Test
  void freesToThePerCpuListTakeTheLockOnlyWhenTheyDrainABatch() {
    List<Long> pfns = new ArrayList<>();
    for (int i = 0; i < 4000; i++) {
      pfns.add(allocator.allocate(0, KERNEL, CPU0).pfn());
    }
    sections.clear();
    int drains = 0;
    for (long pfn : pfns) {
      int before = allocator.pcpCount(ZoneType.NORMAL, 0);
      allocator.free(pfn, 0, CPU0);
      int after = allocator.pcpCount(ZoneType.NORMAL, 0);
      if (after < before) { // free_pcppages_bulk() ran
        drains++;
        assertThat(sections).last().isEqualTo("cpu0 Normal " + (before + 1 - after));
      }
    }
    assertThat(drains).isPositive();
    assertThat(sections).hasSize(drains);
  }

  @Test
  void aFreeOnNoCpuIsReportedWithoutACpu() {
    long pfn = allocator.allocate(0, KERNEL, AllocContext.NONE_TASK).pfn();
    sections.clear();
    allocator.free(pfn, 0);
    assertThat(sections).containsExactly("cpu-1 Normal 1");
  }
}
