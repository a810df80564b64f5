package dev.labyrinth.emulator.mm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A finished request restarted for a new call behaves exactly as a newly built request. */
class AllocRequestReuseTest {
  private static final AllocContext TASK = AllocContext.task(1, "writer", 42);
  private static final AllocContext IRQ =
      AllocContext.irq(0, ExecContext.HARDIRQ, "swapper/0", 0);

  private static final class Run {
    final RecordingTracer tracer = new RecordingTracer();
    final PageAllocator allocator;
    final List<String> results = new ArrayList<>();
    AllocRequest finished;

    Run() {
      allocator = new PageAllocator(TestZones.single(16384), 2, tracer, () -> 0L);
      allocator.setMinFreeKbytes(4096);
      allocator.setReclaimCostPerPageNs(1_000);
      Zone z = allocator.zone(ZoneType.DMA32);
      List<Long> cache = new ArrayList<>();
      while (z.freePages() > 450) { // below min, with reclaimable file pages: slow paths happen
        cache.add(z.freeArea().rmqueue(0, MigrateType.MOVABLE, AllocFlags.NO_WATERMARKS));
      }
      for (int i = 0; i < 1500; i++) {
        allocator.lruAdd(cache.get(i), 0, Lru.FILE);
      }
    }

    /** Runs one call to completion, recording each step; reuses a request when asked to. */
    void call(int order, int gfp, AllocContext ctx, boolean reuse) {
      AllocRequest r = reuse ? allocator.request(order, gfp, ctx, finished)
          : allocator.request(order, gfp, ctx);
      Progress p = r.advance();
      while (!p.isDone()) {
        results.add("block " + p.delayNs());
        p = r.advance();
      }
      assertThat(r.isDone()).isTrue();
      results.add(p.result().toString());
      finished = r;
    }
  }

  @Test
  void aReusedRequestGivesTheSameResultsAndTraceAsNewOnes() {
    Run fresh = new Run();
    Run reused = new Run();
    for (Run run : List.of(fresh, reused)) {
      boolean reuse = run == reused;
      for (int i = 0; i < 40; i++) {
        run.call(0, Gfp.GFP_KERNEL, TASK, reuse); // direct reclaim: blocks, then succeeds
        run.call(0, Gfp.GFP_ATOMIC, IRQ, reuse); // the atomic reserve
        run.call(0, Gfp.GFP_ATOMIC, IRQ, reuse); // the same mask again: not derived again
        run.call(2, Gfp.GFP_KERNEL | Gfp.NORETRY, TASK, reuse);
      }
    }
    assertThat(fresh.results).anyMatch(s -> s.startsWith("block"));
    assertThat(reused.results).isEqualTo(fresh.results);
    assertThat(reused.tracer.lines).isEqualTo(fresh.tracer.lines);
  }

  @Test
  void advanceNsGivesTheSameOutcomesAndTraceAsAdvance() {
    Run records = new Run();
    Run primitive = new Run();
    AllocRequest finished = null;
    for (int i = 0; i < 40; i++) {
      records.call(0, Gfp.GFP_KERNEL, TASK, true);
      records.call(0, Gfp.GFP_ATOMIC, IRQ, true);
      for (int[] call : new int[][] {{0, Gfp.GFP_KERNEL}, {0, Gfp.GFP_ATOMIC}}) {
        AllocContext ctx = call[1] == Gfp.GFP_ATOMIC ? IRQ : TASK;
        AllocRequest r = primitive.allocator.request(call[0], call[1], ctx, finished);
        for (long ns = r.advanceNs(); ns != 0; ns = r.advanceNs()) {
          assertThat(ns).isPositive();
          primitive.results.add("block " + ns);
        }
        assertThat(r.pfn()).isEqualTo(r.result().pfn());
        primitive.results.add(r.result().toString());
        finished = r;
      }
    }
    assertThat(primitive.results).isEqualTo(records.results);
    assertThat(primitive.tracer.lines).isEqualTo(records.tracer.lines);
  }

  @Test
  void aReusedRequestShowsNothingOfItsPreviousCall() {
    Run fresh = new Run();
    Run reused = new Run();
    AllocContext atomicTask = AllocContext.irq(1, ExecContext.SOFTIRQ, "writer", 42);
    // A success (pfn, zone, tier, marks, flags set), then an over-order call, which sets none of
    // them itself: the reused request must read exactly as a new one.
    for (Run run : List.of(fresh, reused)) {
      run.call(0, Gfp.GFP_ATOMIC, IRQ, run == reused);
      assertThat(run.finished.pfn()).isNotNegative();
      run.call(PageOrder.MAX_PAGE_ORDER + 1, Gfp.GFP_KERNEL, atomicTask, run == reused);
    }
    AllocResult over = reused.finished.result();
    assertThat(over).isEqualTo(fresh.finished.result());
    assertThat(over.pfn()).isEqualTo(-1);
    assertThat(over.zone()).isNull();
    assertThat(over.tier()).isEqualTo(ReserveTier.FAILED);
    assertThat(over.freeBeforePages()).isZero();
    assertThat(over.allocFlags()).isZero();
    assertThat(over.sleepInAtomic()).isTrue();
    assertThat(reused.results).isEqualTo(fresh.results);
  }

  @Test
  void theOutcomeCanBeReadOnlyWhenDone() {
    Run run = new Run();
    run.call(0, Gfp.GFP_ATOMIC, IRQ, false);
    AllocRequest restarted = run.allocator.request(0, Gfp.GFP_KERNEL, TASK, run.finished);
    assertThatThrownBy(restarted::pfn).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(restarted::result).isInstanceOf(IllegalStateException.class);
    assertThat(restarted.advanceNs()).isPositive(); // direct reclaim: asleep, not done
    assertThatThrownBy(restarted::pfn).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void anInvalidMaskIsRefusedOnReuseAndLeavesTheRequestAsItWas() {
    Run run = new Run();
    run.call(0, Gfp.GFP_ATOMIC, IRQ, false);
    AllocRequest done = run.finished;
    AllocResult before = done.result();
    int bad = Gfp.GFP_KERNEL | Gfp.MOVABLE | Gfp.RECLAIMABLE;
    assertThatThrownBy(() -> run.allocator.request(0, bad, TASK, done))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(done.isDone()).isTrue();
    assertThat(done.result()).isEqualTo(before);
    run.call(0, Gfp.GFP_ATOMIC, IRQ, true); // and it can still be reused
    assertThat(run.finished).isSameAs(done);
  }

  @Test
  void onlyAFinishedRequestCanBeReused() {
    Run run = new Run();
    AllocRequest blocked = run.allocator.request(0, Gfp.GFP_KERNEL, TASK);
    assertThat(blocked.advance().isDone()).isFalse();
    assertThatThrownBy(() -> run.allocator.request(0, Gfp.GFP_ATOMIC, IRQ, blocked))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("finished");
  }
}
