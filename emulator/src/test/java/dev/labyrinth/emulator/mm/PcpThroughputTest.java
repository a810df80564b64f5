package dev.labyrinth.emulator.mm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labyrinth.emulator.sim.Tracer;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Prints order-0 alloc+free pairs per second through the per-CPU lists (one CPU, tracing off);
 * measured, never asserted. Run alone with
 * {@code ./mvnw -q -B test -pl emulator -am -Dtest=PcpThroughputTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class PcpThroughputTest {

  @Test
  void order0PairsThroughPcp() {
    PageAllocator a = new PageAllocator(ZoneLayout.fromMemoryBytes(4L << 30), 4, Tracer.OFF,
        () -> 0L);
    AllocContext ctx = AllocContext.task(0, "bench", 1);
    int pairs = 20_000_000;
    long best = 0;
    for (int round = 0; round < 5; round++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < pairs; i++) {
        long pfn = a.allocate(0, Gfp.GFP_KERNEL, ctx).pfn();
        a.free(pfn, 0, ctx);
      }
      long ns = System.nanoTime() - t0;
      long rate = pairs * 1_000_000_000L / Math.max(ns, 1);
      best = Math.max(best, rate);
      System.out.println(String.format(Locale.ROOT,
          "pcp order-0 alloc+free pairs/s (round %d): %,d", round, rate));
    }
    System.out.println(String.format(Locale.ROOT, "pcp order-0 alloc+free pairs/s best: %,d",
        best));
    a.checkInvariants();
    assertThat(a.vmstat().get(VmStat.Item.PGFREE)).isEqualTo(5L * pairs);
  }
}
