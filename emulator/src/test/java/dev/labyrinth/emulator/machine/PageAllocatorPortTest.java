package dev.labyrinth.emulator.machine;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableList;
import dev.labyrinth.emulator.mm.AllocFlags;
import dev.labyrinth.emulator.mm.ExecContext;
import dev.labyrinth.emulator.mm.Gfp;
import dev.labyrinth.emulator.mm.Lru;
import dev.labyrinth.emulator.mm.MigrateType;
import dev.labyrinth.emulator.mm.PageAllocator;
import dev.labyrinth.emulator.mm.PageOrder;
import dev.labyrinth.emulator.mm.RecordingTracer;
import dev.labyrinth.emulator.mm.Zone;
import dev.labyrinth.emulator.mm.ZoneLayout;
import dev.labyrinth.emulator.mm.ZoneType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The port's two answers, the record ({@link PageAllocatorPort#allocate}) and the packed long
 * ({@link PageAllocatorPort#allocatePacked}, which reads the outcome from a reused request), say
 * the same thing and leave the same trace, call after call, through sleeps, failures and
 * successes.
 */
class PageAllocatorPortTest {
  private static final Caller TASK =
      new Caller(1, ExecContext.TASK, "writer", 42, false, false);
  private static final Caller IRQ =
      new Caller(0, ExecContext.HARDIRQ, "swapper/0", 0, true, false);

  /** An allocator below min with reclaimable file pages, so calls sleep, fail and succeed. */
  private static final class Side {
    final RecordingTracer tracer = new RecordingTracer();
    final PageAllocatorPort port;
    final List<AllocOutcome> outcomes = new ArrayList<>();

    Side() {
      PageAllocator allocator = new PageAllocator(ZoneLayout.packed(ImmutableList.of(
          ZoneLayout.Sizes.of(ZoneType.DMA32, 16384))), 2, tracer, () -> 0L);
      allocator.setMinFreeKbytes(4096);
      allocator.setReclaimCostPerPageNs(1_000);
      Zone z = allocator.zone(ZoneType.DMA32);
      List<Long> cache = new ArrayList<>();
      while (z.freePages() > 450) {
        cache.add(z.freeArea().rmqueue(0, MigrateType.MOVABLE, AllocFlags.NO_WATERMARKS));
      }
      for (int i = 0; i < 1500; i++) {
        allocator.lruAdd(cache.get(i), 0, Lru.FILE);
      }
      port = new PageAllocatorPort(allocator);
    }

    /** One call, repeated while it says "sleep, then retry" (as a blocked task retries). */
    void call(Caller caller, int order, int gfp, boolean packed) {
      while (true) {
        AllocOutcome o = packed
            ? PackedOutcome.toOutcome(port.allocatePacked(caller, order, gfp))
            : port.allocate(caller, order, gfp);
        outcomes.add(o);
        if (!o.mustBlock()) {
          return;
        }
      }
    }
  }

  @Test
  void packedAndRecordAnswersAgree() {
    Side records = new Side();
    Side packed = new Side();
    for (Side side : List.of(records, packed)) {
      for (int i = 0; i < 40; i++) {
        side.call(TASK, 0, Gfp.GFP_KERNEL, side == packed);
        side.call(IRQ, 0, Gfp.GFP_ATOMIC, side == packed);
        side.call(TASK, 2, Gfp.GFP_KERNEL | Gfp.NORETRY, side == packed);
        side.call(IRQ, PageOrder.MAX_PAGE_ORDER + 1, Gfp.GFP_ATOMIC, side == packed);
      }
    }
    assertThat(records.outcomes).anyMatch(AllocOutcome::mustBlock);
    assertThat(records.outcomes).anyMatch(AllocOutcome::succeeded);
    assertThat(records.outcomes).contains(AllocOutcome.failed());
    assertThat(packed.outcomes).isEqualTo(records.outcomes);
    assertThat(packed.tracer.lines).isEqualTo(records.tracer.lines);
  }
}
