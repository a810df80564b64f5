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
    private AllocRequest finished;

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
        run.call(2, Gfp.GFP_KERNEL | Gfp.NORETRY, TASK, reuse);
      }
    }
    assertThat(fresh.results).anyMatch(s -> s.startsWith("block"));
    assertThat(reused.results).isEqualTo(fresh.results);
    assertThat(reused.tracer.lines).isEqualTo(fresh.tracer.lines);
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
