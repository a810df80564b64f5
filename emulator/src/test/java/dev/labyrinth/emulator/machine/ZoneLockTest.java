package dev.labyrinth.emulator.machine;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableList;
import dev.labyrinth.emulator.mm.AllocContext;
import dev.labyrinth.emulator.mm.Gfp;
import dev.labyrinth.emulator.mm.Lru;
import dev.labyrinth.emulator.mm.RecordingTracer;
import dev.labyrinth.emulator.mm.ZoneLockListener;
import dev.labyrinth.emulator.mm.ZoneType;
import dev.labyrinth.emulator.sim.Band;
import dev.labyrinth.emulator.sim.Simulation;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * zone->lock sections as emulated time: the hold, the spin of a second CPU for exactly the rest
 * of the holder's window, FIFO among waiters, IRQs off while spinning or holding.
 */
class ZoneLockTest {
  private static final int ATOMIC = Gfp.parse("GFP_ATOMIC");
  private static final int KERNEL = Gfp.parse("GFP_KERNEL");
  private static final long BASE_NS = 100;
  private static final long PER_BLOCK_NS = 50;
  /** Every allocation of the port below enters one section moving this many blocks. */
  private static final int BLOCKS = 10;
  /** The hold of one such section: 100 + 10 x 50. */
  private static final long HOLD_NS = BASE_NS + BLOCKS * PER_BLOCK_NS;

  /** A port whose every allocation enters one Normal zone lock section of {@link #BLOCKS}. */
  private static final class SectionPort implements MemoryPort {
    private ZoneLockListener listener = ZoneLockListener.NONE;
    private long nextPfn = 100;

    @Override
    public AllocOutcome allocate(Caller caller, int order, int gfpMask) {
      listener.section(new AllocContext(caller.cpu(), caller.ctx(), caller.comm(), caller.pid(),
          caller.irqsDisabled()), ZoneType.NORMAL, BLOCKS);
      return AllocOutcome.allocated(nextPfn++);
    }

    @Override
    public void free(Caller caller, long pfn, int order) {}

    @Override
    public void lruAdd(long pfn, int order, Lru lru) {}

    @Override
    public void setZoneLockListener(ZoneLockListener l) {
      listener = l;
    }
  }

  private final Simulation sim = new Simulation(1);
  private final RecordingTracer trace = new RecordingTracer();

  private Machine machine(int cpus) {
    Machine m = new Machine(sim, trace, new SectionPort(), cpus);
    m.setZoneLockCosts(BASE_NS, PER_BLOCK_NS);
    sim.addInvariantCheck("machine", m::checkInvariants);
    sim.setInvariantsEnabled(true);
    return m;
  }

  /** One allocation with no pcp cost: the task's only CPU time is its zone lock section. */
  private static ImmutableList<Step> oneAlloc() {
    return ImmutableList.of(new Step.Alloc(0, KERNEL, 1, Step.Alloc.KEEP, 0));
  }

  private static void raiseAt(Simulation sim, Machine m, IrqLine line, long atNs) {
    sim.schedule(atNs, Band.DEVICE, (t, x) -> m.controller().raise(line.irq(), t), 0);
  }

  @Test
  void theSecondCpuSpinsForExactlyTheRemainingHold() {
    Machine m = machine(2);
    m.addTask("a", 0, oneAlloc(), 0);
    m.addTask("b", 1, oneAlloc(), 200);
    m.start();
    sim.run(10_000, 1_000);
    assertThat(trace.starting("zone_lock_spin")).containsExactly(
        "zone_lock_spin @200 cpu=1 ctx=task comm=b pid=1001 zone=Normal holder_cpu=0 wait_ns=400"
            + " hold_ns=" + HOLD_NS);
    assertThat(m.zoneLockSpins()).isEqualTo(1);
    assertThat(m.zoneLockWaitTotalNs()).isEqualTo(400);
    assertThat(m.zoneLockWaitMaxNs()).isEqualTo(400);
    // The spin is CPU time of the waiting task; the holder's is only its hold.
    assertThat(m.cpu(0).taskNs()).isEqualTo(HOLD_NS);
    assertThat(m.cpu(1).taskNs()).isEqualTo(400 + HOLD_NS);
    assertThat(trace.starting("sched_switch @1200 cpu=1")).hasSize(1); // b exits after its hold
  }

  @Test
  void noSpinWhenOnlyOneCpuTouchesTheZone() {
    Machine m = machine(2);
    m.addTask("a", 0, ImmutableList.of(new Step.Alloc(0, KERNEL, 2, Step.Alloc.KEEP, 0)), 0);
    m.addTask("b", 1, ImmutableList.of(new Step.Compute(5_000)), 0);
    m.start();
    sim.run(10_000, 1_000);
    assertThat(trace.starting("zone_lock_spin")).isEmpty();
    assertThat(m.zoneLockSpins()).isZero();
    assertThat(m.cpu(0).taskNs()).isEqualTo(2 * HOLD_NS); // two sections back to back
  }

  @Test
  void aLockReleasedAtTheInstantAnotherCpuAsksIsFree() {
    Machine m = machine(2);
    m.addTask("a", 0, oneAlloc(), 0);
    m.addTask("b", 1, oneAlloc(), HOLD_NS);
    m.start();
    sim.run(10_000, 1_000);
    assertThat(m.zoneLockSpins()).isZero();
    assertThat(m.cpu(1).taskNs()).isEqualTo(HOLD_NS);
  }

  @Test
  void waitersAreServedInArrivalOrder() {
    Machine m = machine(3);
    m.addTask("a", 0, oneAlloc(), 0);
    m.addTask("b", 1, oneAlloc(), 100);
    m.addTask("c", 2, oneAlloc(), 200);
    m.start();
    sim.run(10_000, 1_000);
    // c arrives while a holds and b waits: it waits for both windows; a is the holder it sees.
    assertThat(trace.starting("zone_lock_spin")).containsExactly(
        "zone_lock_spin @100 cpu=1 ctx=task comm=b pid=1001 zone=Normal holder_cpu=0 wait_ns=500"
            + " hold_ns=600",
        "zone_lock_spin @200 cpu=2 ctx=task comm=c pid=1002 zone=Normal holder_cpu=0 wait_ns=1000"
            + " hold_ns=600");
    assertThat(m.zoneLockWaitTotalNs()).isEqualTo(1500);
    assertThat(m.zoneLockWaitMaxNs()).isEqualTo(1000);
  }

  @Test
  void sameInstantWaitersGoInTheSimulationsEventOrder() {
    // b and c ask at the same nanosecond; the task added first wakes first, so b is served
    // first. Swapping the order in which they are added swaps who waits longer.
    assertThat(sameInstantWaits(false)).containsExactly("cpu=1 wait_ns=500", "cpu=2 wait_ns=1100");
    assertThat(sameInstantWaits(true)).containsExactly("cpu=2 wait_ns=500", "cpu=1 wait_ns=1100");
  }

  private static List<String> sameInstantWaits(boolean cFirst) {
    Simulation sim = new Simulation(1);
    RecordingTracer trace = new RecordingTracer();
    Machine m = new Machine(sim, trace, new SectionPort(), 3);
    m.setZoneLockCosts(BASE_NS, PER_BLOCK_NS);
    sim.addInvariantCheck("machine", m::checkInvariants);
    sim.setInvariantsEnabled(true);
    m.addTask("a", 0, oneAlloc(), 0);
    if (cFirst) {
      m.addTask("c", 2, oneAlloc(), 100);
      m.addTask("b", 1, oneAlloc(), 100);
    } else {
      m.addTask("b", 1, oneAlloc(), 100);
      m.addTask("c", 2, oneAlloc(), 100);
    }
    m.start();
    sim.run(10_000, 1_000);
    return trace.starting("zone_lock_spin").stream()
        .map(l -> l.replaceAll(".* (cpu=\\d).* (wait_ns=\\d+).*", "$1 $2")).toList();
  }

  @Test
  void aHandlerThatSpinsRunsLongerAndDelaysTheNextInterrupt() {
    Machine m = machine(2);
    m.addTask("a", 0, oneAlloc(), 0);
    IrqLine nic = m.addLine("nic", 0, Trigger.EDGE, ImmutableList.of(1), DeliveryPolicy.FIXED,
        ImmutableList.of(new Step.Alloc(0, ATOMIC, 1, 1_000_000, 0)), ImmutableList.of(), 0);
    IrqLine timer = m.addLine("timer", 0, Trigger.EDGE, ImmutableList.of(1),
        DeliveryPolicy.FIXED, ImmutableList.of(new Step.Compute(1_000)), ImmutableList.of(), 0);
    m.start();
    raiseAt(sim, m, nic, 100);
    raiseAt(sim, m, timer, 300);
    sim.run(10_000, 1_000);
    // The handler spins 500 ns (a holds until 600), holds 600 ns, and exits at 1200 instead of
    // 700: the timer raised at 300 enters only then.
    assertThat(trace.starting("zone_lock_spin")).containsExactly(
        "zone_lock_spin @100 cpu=1 ctx=hardirq comm=swapper/1 pid=0 zone=Normal holder_cpu=0"
            + " wait_ns=500 hold_ns=600");
    assertThat(trace.starting("irq_handler_exit @1200 cpu=1")).hasSize(1);
    assertThat(trace.starting("irq_handler_entry @1200 cpu=1 ctx=hardirq comm=swapper/1 pid=0 "
        + "irq=2 name=timer latency_ns=900")).hasSize(1);
    assertThat(m.cpu(1).hardirqNs()).isEqualTo(500 + 600 + 1_000);
  }

  @Test
  void aHandlerWithoutContentionOnlyHolds() {
    Machine m = machine(2);
    IrqLine nic = m.addLine("nic", 0, Trigger.EDGE, ImmutableList.of(1), DeliveryPolicy.FIXED,
        ImmutableList.of(new Step.Alloc(0, ATOMIC, 1, 1_000_000, 0)), ImmutableList.of(), 0);
    m.start();
    raiseAt(sim, m, nic, 100);
    sim.run(10_000, 1_000);
    assertThat(trace.starting("irq_handler_exit @700 cpu=1")).hasSize(1);
    assertThat(m.cpu(1).hardirqNs()).isEqualTo(HOLD_NS);
  }

  @Test
  void aCpuHoldingTheZoneLockTakesNoInterruptUntilItReleasesIt() {
    Machine m = machine(1);
    IrqLine dev = m.addLine("dev", 0, Trigger.EDGE, ImmutableList.of(0), DeliveryPolicy.FIXED,
        ImmutableList.of(new Step.Compute(1_000)), ImmutableList.of(), 0);
    // 200 ns per page of pcp critical section after the zone lock section: 600 + 200.
    m.addTask("a", 0, ImmutableList.of(new Step.Alloc(0, KERNEL, 1, Step.Alloc.KEEP, 200)), 0);
    m.start();
    raiseAt(sim, m, dev, 100);
    sim.run(300, 1_000);
    assertThat(m.cpu(0).zoneLockHeld()).isTrue();
    assertThat(m.cpu(0).irqsDisabled()).isTrue();
    assertThat(m.cpu(0).servingLine()).isNull(); // raised at 100, not taken
    sim.run(1_000, 1_000);
    assertThat(m.cpu(0).zoneLockHeld()).isFalse();
    // IRQs were off from 0 to 600 (spin_lock_irqsave); the handler enters at the unlock, while
    // the task still holds its pcp lock for the rest of its critical section.
    assertThat(trace.starting("irq_handler_entry @600 cpu=0 ctx=hardirq comm=a pid=1000 irq=1 "
        + "name=dev latency_ns=500")).hasSize(1);
    assertThat(m.cpu(0).pcpLockHeld()).isTrue();
    sim.run(10_000, 1_000);
    assertThat(m.cpu(0).taskNs()).isEqualTo(HOLD_NS + 200);
    assertThat(m.cpu(0).hardirqNs()).isEqualTo(1_000);
  }

  @Test
  void theSameRunTwiceGivesTheSameRecords() {
    List<String> first = contendedRun();
    assertThat(first).anyMatch(l -> l.startsWith("zone_lock_spin"));
    assertThat(contendedRun()).isEqualTo(first);
  }

  /** Three CPUs, periodic interrupts on two of them and tasks allocating on all: every record. */
  private static List<String> contendedRun() {
    Simulation sim = new Simulation(7);
    RecordingTracer trace = new RecordingTracer();
    Machine m = new Machine(sim, trace, new SectionPort(), 3);
    sim.addInvariantCheck("machine", m::checkInvariants);
    sim.setInvariantsEnabled(true);
    ImmutableList<Step> loop = ImmutableList.of(new Step.Loop(50, ImmutableList.of(
        new Step.Alloc(0, KERNEL, 3, 2_000, 100), new Step.Sleep(700))));
    for (int cpu = 0; cpu < 3; cpu++) {
      m.addTask("t" + cpu, cpu, loop, 0);
    }
    IrqLine nic = m.addLine("nic", 0, Trigger.EDGE, ImmutableList.of(0, 1),
        DeliveryPolicy.ROUND_ROBIN, ImmutableList.of(new Step.Alloc(0, ATOMIC, 2, 5_000, 0)),
        ImmutableList.of(), 0);
    m.addDevice("nic", nic, new PoissonArrivals(1_500));
    m.start();
    sim.run(200_000, 1_000_000);
    return trace.lines;
  }
}
