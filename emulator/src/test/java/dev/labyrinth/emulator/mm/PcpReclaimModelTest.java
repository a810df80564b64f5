package dev.labyrinth.emulator.mm;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableList;
import dev.labyrinth.emulator.sim.Simulation;
import dev.labyrinth.emulator.sim.Tracer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded random operation sequences through the machine-facing API: allocations and frees from
 * random CPUs and contexts (through the per-CPU lists), the pcp lock held by a task while
 * interrupts allocate, LRU adds, direct reclaim steps, kswapd running on the simulation, drains.
 * A reference model (one owner flag per frame) and {@code checkInvariants()} after every step;
 * at the end everything is freed and drained and every zone is whole again. A failure names its
 * seed and step.
 */
class PcpReclaimModelTest {
  private static final int[] MASKS = {
    Gfp.GFP_KERNEL, Gfp.GFP_ATOMIC, Gfp.GFP_ATOMIC | Gfp.NOWARN, Gfp.GFP_HIGHUSER_MOVABLE,
    Gfp.GFP_NOWAIT, Gfp.GFP_KERNEL | Gfp.NORETRY, Gfp.GFP_KERNEL | Gfp.RECLAIMABLE,
    Gfp.GFP_KERNEL | Gfp.GFP_DMA32,
  };

  @Test
  void randomTrafficAcrossSeeds() {
    for (long seed = 0; seed < 120; seed++) {
      run(seed, 400);
    }
  }

  private static void run(long seed, int steps) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int cpus = 1 + rnd.nextInt(4);
    List<ZoneLayout.Sizes> sizes = new ArrayList<>();
    sizes.add(ZoneLayout.Sizes.of(ZoneType.DMA32, 2048 + rnd.nextInt(6000)));
    if (rnd.nextBoolean()) {
      sizes.add(ZoneLayout.Sizes.of(ZoneType.NORMAL, 2048 + rnd.nextInt(6000)));
    }
    Simulation sim = new Simulation(seed);
    PageAllocator a = new PageAllocator(ZoneLayout.packed(ImmutableList.copyOf(sizes)), cpus,
        Tracer.OFF, sim::nowNs);
    a.setMinFreeKbytes(256 + rnd.nextInt(2048));
    a.setReclaimCostPerPageNs(rnd.nextInt(3) * 500L);
    a.startKswapd(sim);
    long endPfn = a.zones().get(a.zones().size() - 1).spec().endPfn();
    boolean[] used = new boolean[(int) endPfn];
    List<long[]> live = new ArrayList<>(); // {pfn, order}
    List<long[]> pool = new ArrayList<>();
    List<AllocRequest> sleeping = new ArrayList<>();
    int lockedCpu = -1;
    int step = 0;
    String op = "boot";
    try {
      a.checkInvariants();
      for (step = 0; step < steps; step++) {
        int cpu = rnd.nextInt(cpus);
        int kind = rnd.nextInt(10);
        if (kind < 4) {
          int order = rnd.nextInt(8) == 0 ? rnd.nextInt(6) : 0;
          int gfp = MASKS[rnd.nextInt(MASKS.length)];
          boolean irq = !Gfp.allowsBlocking(gfp) && rnd.nextBoolean();
          AllocContext ctx = irq ? AllocContext.irq(cpu, ExecContext.HARDIRQ, "t", 1)
              : AllocContext.task(cpu, "t", 1);
          op = "alloc order " + order + " " + Gfp.format(gfp) + " cpu " + cpu
              + (irq ? " hardirq" : "");
          AllocRequest r = a.request(order, gfp, ctx);
          Progress p = r.advance();
          if (p.isDone()) {
            take(p.result(), used, live);
          } else {
            sleeping.add(r);
          }
        } else if (kind < 7 && !live.isEmpty()) {
          long[] block = live.remove(rnd.nextInt(live.size()));
          op = "free 0x" + Long.toHexString(block[0]) + " order " + block[1] + " cpu " + cpu;
          a.free(block[0], (int) block[1], AllocContext.task(cpu, "t", 1));
          mark(used, block, false);
        } else if (kind == 7 && !live.isEmpty()) {
          long[] block = live.remove(rnd.nextInt(live.size()));
          op = "lru add 0x" + Long.toHexString(block[0]);
          a.lruAdd(block[0], (int) block[1], rnd.nextBoolean() ? Lru.FILE : Lru.ANON);
          // The reclaim pool owns it now: reclaim may free it at any time.
          mark(used, block, false);
          pool.add(block);
        } else if (kind == 8) {
          op = "pcp lock toggle cpu " + cpu;
          if (lockedCpu < 0) {
            a.pcpLock(cpu);
            lockedCpu = cpu;
          } else {
            a.pcpUnlock(lockedCpu);
            lockedCpu = -1;
          }
        } else {
          op = "time passes, sleepers wake";
          sim.run(sim.nowNs() + rnd.nextInt(200_000), 100_000);
          List<AllocRequest> still = new ArrayList<>();
          for (AllocRequest r : sleeping) {
            Progress p = r.advance();
            if (p.isDone()) {
              take(p.result(), used, live);
            } else {
              still.add(r);
            }
          }
          sleeping = still;
          if (rnd.nextInt(4) == 0) {
            op = "drain_all_pages";
            a.drainAllPages(AllocContext.task(cpu, "t", 1));
          }
        }
        a.checkInvariants();
        checkAgainstModel(a, used, live);
      }
      op = "finish";
      if (lockedCpu >= 0) {
        a.pcpUnlock(lockedCpu);
      }
      while (!sleeping.isEmpty()) {
        sim.run(sim.nowNs() + 1_000_000, 100_000);
        List<AllocRequest> still = new ArrayList<>();
        for (AllocRequest r : sleeping) {
          Progress p = r.advance();
          if (p.isDone()) {
            take(p.result(), used, live);
          } else {
            still.add(r);
          }
        }
        sleeping = still;
      }
      sim.run(sim.nowNs() + 10_000_000_000L, 1_000_000); // kswapd finishes its batches
      for (long[] block : live) {
        a.free(block[0], (int) block[1]);
      }
      for (long[] block : pool) {
        if (stillAllocated(a, block)) {
          a.free(block[0], (int) block[1]);
        }
      }
      a.drainAllPages(AllocContext.NONE_TASK);
      a.checkInvariants();
      for (Zone z : a.zones()) {
        assertThat(z.freePages()).as("zone %s whole again", z.name()).isEqualTo(z.managedPages());
      }
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError("seed " + seed + " step " + step + " (" + op + "): "
          + e.getMessage(), e);
    }
  }

  private static void take(AllocResult r, boolean[] used, List<long[]> live) {
    if (!r.succeeded()) {
      return;
    }
    long[] block = {r.pfn(), r.order()};
    for (long p = block[0]; p < block[0] + (1L << block[1]); p++) {
      if (used[(int) p]) {
        throw new AssertionError("pfn 0x" + Long.toHexString(p) + " handed out twice");
      }
    }
    mark(used, block, true);
    live.add(block);
  }

  private static void mark(boolean[] used, long[] block, boolean value) {
    for (long p = block[0]; p < block[0] + (1L << block[1]); p++) {
      used[(int) p] = value;
    }
  }

  /**
   * Every block the model holds is still allocated, and the allocator's allocated pages are the
   * model's plus at least the pages on LRU lists (isolated ones may add more).
   */
  private static void checkAgainstModel(PageAllocator a, boolean[] used, List<long[]> live) {
    long held = 0;
    for (long[] block : live) {
      assertThat(stillAllocated(a, block)).as("0x%s still allocated",
          Long.toHexString(block[0])).isTrue();
      held += 1L << block[1];
    }
    long allocated = 0;
    long lru = 0;
    for (Zone z : a.zones()) {
      allocated += z.freeArea().allocatedPages();
      lru += z.freeArea().lruPages(false) + z.freeArea().lruPages(true);
    }
    assertThat(allocated).as("allocated pages vs model").isGreaterThanOrEqualTo(held + lru);
  }

  private static boolean stillAllocated(PageAllocator a, long[] block) {
    for (Zone z : a.zones()) {
      if (block[0] >= z.spec().startPfn() && block[0] < z.spec().endPfn()) {
        return z.freeArea().isAllocatedHead(block[0], (int) block[1]);
      }
    }
    return false;
  }
}
