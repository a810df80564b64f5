package dev.labyrinth.emulator.machine;

import dev.labyrinth.emulator.mm.ExecContext;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableList;
import dev.labyrinth.emulator.mm.Gfp;
import dev.labyrinth.emulator.sim.Band;
import dev.labyrinth.emulator.sim.Simulation;
import dev.labyrinth.emulator.sim.Tracer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Nesting, masking, affinity, softirq deferral, the pcp trylock bypass, scheduling, might_sleep. */
class MachineTest {
  private static final int ATOMIC = Gfp.parse("GFP_ATOMIC");
  private static final int KERNEL = Gfp.parse("GFP_KERNEL");

  /** A port that records its callers and hands out increasing pfns. */
  static final class RecordingPort implements MemoryPort {
    final List<Caller> allocCallers = new ArrayList<>();
    final List<Caller> freeCallers = new ArrayList<>();
    long nextPfn = 100;

    @Override
    public AllocOutcome allocate(Caller caller, int order, int gfpMask) {
      allocCallers.add(caller);
      return AllocOutcome.allocated(nextPfn++);
    }

    @Override
    public void free(Caller caller, long pfn, int order) {
      freeCallers.add(caller);
    }

    @Override
    public void lruAdd(long pfn, int order, dev.labyrinth.emulator.mm.Lru lru) {
      lruPfns.add(pfn);
    }

    final List<Long> lruPfns = new ArrayList<>();
  }

  private final Simulation sim = new Simulation(1);
  private final RecordingPort port = new RecordingPort();

  private Machine machine(int cpus) {
    Machine m = new Machine(sim, Tracer.OFF, port, cpus);
    sim.addInvariantCheck("machine", m::checkInvariants);
    sim.setInvariantsEnabled(true);
    return m;
  }

  private static IrqLine line(Machine m, String name, ImmutableList<Step> handler,
      ImmutableList<Step> softirq, DeliveryPolicy policy, Integer... cpus) {
    return m.addLine(name, 0, Trigger.EDGE, ImmutableList.copyOf(cpus), policy, handler, softirq,
        0);
  }

  @Test
  void handlersDoNotNestAndTheSecondWaits() {
    Machine m = machine(1);
    IrqLine a = line(m, "a", ImmutableList.of(new Step.Compute(10_000)), ImmutableList.of(),
        DeliveryPolicy.FIXED, 0);
    IrqLine b = line(m, "b", ImmutableList.of(new Step.Compute(10_000)), ImmutableList.of(),
        DeliveryPolicy.FIXED, 0);
    m.start();
    sim.schedule(1000, Band.DEVICE,
        (t, x) -> m.controller().raise(a.irq(), t), 0);
    sim.schedule(3000, Band.DEVICE,
        (t, x) -> m.controller().raise(b.irq(), t), 0);
    sim.run(5000, 1000);
    assertThat(m.cpu(0).servingLine()).isSameAs(a);
    assertThat(b.pendingCount()).isEqualTo(1);
    sim.run(11_000, 1000);
    assertThat(m.cpu(0).servingLine()).isSameAs(b); // a ended at 11000, b entered 8 us late
    sim.run(30_000, 1000);
    assertThat(m.cpu(0).hardirqNs()).isEqualTo(20_000);
    assertThat(b.delivered()).isEqualTo(1);
  }

  @Test
  void aMaskedLineWaitsForUnmaskAndEdgesCoalesce() {
    Machine m = machine(1);
    IrqLine a = line(m, "a", ImmutableList.of(), ImmutableList.of(), DeliveryPolicy.FIXED, 0);
    m.start();
    m.controller().mask(a.irq());
    m.controller().raise(a.irq(), 0);
    m.controller().raise(a.irq(), 0);
    sim.run(1000, 100);
    assertThat(a.delivered()).isZero();
    assertThat(a.coalesced()).isEqualTo(1);
    m.controller().unmask(a.irq());
    sim.run(2000, 100);
    assertThat(a.delivered()).isEqualTo(1);
  }

  @Test
  void roundRobinAndLeastLoadedSpreadOverTheAffinityMask() {
    Machine m = machine(3);
    IrqLine rr = line(m, "rr", ImmutableList.of(new Step.Compute(100)), ImmutableList.of(),
        DeliveryPolicy.ROUND_ROBIN, 1, 2);
    IrqLine fixed = line(m, "fixed", ImmutableList.of(new Step.Compute(100)), ImmutableList.of(),
        DeliveryPolicy.FIXED, 2, 1);
    IrqLine least = line(m, "least", ImmutableList.of(), ImmutableList.of(),
        DeliveryPolicy.LEAST_LOADED, 0, 2);
    m.start();
    List<Integer> rrCpus = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      m.controller().raise(rr.irq(), sim.nowNs());
      rrCpus.add(rr.targetCpu());
      sim.run(sim.nowNs() + 1000, 100);
    }
    assertThat(rrCpus).containsExactly(1, 2, 1, 2);
    m.controller().raise(fixed.irq(), sim.nowNs());
    assertThat(fixed.targetCpu()).isEqualTo(2); // fixed: the mask's first CPU
    sim.run(sim.nowNs() + 50, 100); // CPU 2 is now in fixed's handler
    m.controller().raise(least.irq(), sim.nowNs());
    assertThat(least.targetCpu()).isEqualTo(0);
  }

  @Test
  void softirqsThatRunTooLongAreHandedToKsoftirqd() {
    int[] switchesToKsoftirqd = new int[1];
    Tracer counting = new Tracer() {
      @Override
      public boolean enabled() {
        return true;
      }

      @Override
      public Record begin(String event, long timeNs) {
        return new Record() {
          @Override
          public Record put(String key, long value) {
            return this;
          }

          @Override
          public Record put(String key, String value) {
            if (key.equals("next_comm") && value.equals("ksoftirqd/0")) {
              switchesToKsoftirqd[0]++;
            }
            return this;
          }

          @Override
          public void end() {}
        };
      }
    };
    Machine m = new Machine(sim, counting, port, 1);
    sim.addInvariantCheck("machine", m::checkInvariants);
    sim.setInvariantsEnabled(true);
    // Each interrupt queues 300 us of NET_RX work; they come every 100 us.
    IrqLine nic = line(m, "nic", ImmutableList.of(new Step.RaiseSoftirq(Softirq.NET_RX)),
        ImmutableList.of(new Step.Compute(300_000)), DeliveryPolicy.FIXED, 0);
    m.addDevice("nic", nic, new PeriodicArrivals(100_000, 0));
    m.start();
    sim.run(5_000_000, 1_000_000);
    assertThat(switchesToKsoftirqd[0]).isPositive();
    assertThat(m.cpu(0).softirqNs()).isPositive();
  }

  @Test
  void aHandlerInterruptingATaskAllocationFindsThePcpLockHeld() {
    Machine m = machine(1);
    IrqLine dev = line(m, "dev", ImmutableList.of(new Step.Alloc(0, ATOMIC, 1, 1000, 0)),
        ImmutableList.of(), DeliveryPolicy.FIXED, 0);
    m.addTask("t", 0, ImmutableList.of(new Step.Alloc(0, KERNEL, 10, Step.Alloc.KEEP, 200)), 0);
    m.start();
    sim.schedule(1000, Band.DEVICE,
        (t, x) -> m.controller().raise(dev.irq(), t), 0);
    sim.run(100_000, 10_000);
    Caller inHandler = port.allocCallers.get(10);
    assertThat(inHandler.ctx()).isEqualTo(ExecContext.HARDIRQ);
    assertThat(inHandler.pcpLockHeld()).isTrue();
    assertThat(inHandler.comm()).isEqualTo("t");
    assertThat(port.allocCallers.get(0).pcpLockHeld()).isFalse();
    // Negative space: the same interrupt after the task's step finds the lock free.
    sim.schedule(sim.nowNs() + 10, Band.DEVICE,
        (t, x) -> m.controller().raise(dev.irq(), t), 0);
    sim.run(sim.nowNs() + 10_000, 10_000);
    assertThat(port.allocCallers.get(11).pcpLockHeld()).isFalse();
  }

  @Test
  void twoBusyTasksShareOneCpuInSlices() {
    Machine m = machine(1);
    ImmutableList<Step> busy = ImmutableList.of(new Step.Compute(1_000_000_000L));
    Task a = m.addTask("a", 0, busy, 0);
    Task b = m.addTask("b", 0, busy, 0);
    m.start();
    sim.run(100_000_000L, 1_000_000);
    m.cpu(0).taskNs(); // accounts the running task up to now
    assertThat(Math.abs(a.runtimeNs() - b.runtimeNs())).isLessThanOrEqualTo(Machine.defaultSliceNs(1));
    assertThat(a.runtimeNs() + b.runtimeNs()).isEqualTo(100_000_000L);
  }

  @Test
  void mightSleepCatchesGfpKernelInAHandlerButNotInATask() {
    Machine m = machine(1);
    IrqLine dev = line(m, "dev", ImmutableList.of(new Step.Alloc(0, KERNEL, 1, 10, 0)),
        ImmutableList.of(), DeliveryPolicy.FIXED, 0);
    m.addTask("t", 0, ImmutableList.of(new Step.Alloc(0, KERNEL, 1, 10, 0),
        new Step.IrqsOff(true), new Step.Alloc(0, KERNEL, 1, 10, 0), new Step.IrqsOff(false),
        new Step.Alloc(0, ATOMIC, 1, 10, 0)), 0);
    m.start();
    sim.run(10, 100);
    assertThat(m.mightSleepCount()).isEqualTo(1); // the IRQs-off one only
    m.controller().raise(dev.irq(), sim.nowNs());
    sim.run(1000, 100);
    assertThat(m.mightSleepCount()).isEqualTo(2);
  }

  @Test
  void deviceDistributionsHaveTheirMeans() {
    var random = sim.randoms().stream("device/test");
    PoissonArrivals poisson = new PoissonArrivals(100_000);
    long t = 0;
    for (int i = 0; i < 20_000; i++) {
      t = poisson.nextNs(t, random);
    }
    assertThat(t / 20_000).isBetween(97_000L, 103_000L);
    PeriodicArrivals periodic = new PeriodicArrivals(1_000_000, 20_000);
    long prev = 0;
    for (int i = 1; i <= 1000; i++) {
      long at = periodic.nextNs(prev, random);
      assertThat(at).isBetween(i * 1_000_000L - 20_000, i * 1_000_000L + 20_000);
      prev = at;
    }
    BurstArrivals burst = new BurstArrivals(1_000_000, 4_000_000, 10_000);
    long b = 0;
    for (int i = 0; i < 10_000; i++) {
      b = burst.nextNs(b, random);
      assertThat(b % 5_000_000).isLessThan(1_000_000);
    }
  }
}
