package dev.labyrinth.emulator.machine;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.base.Verify;
import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;

/**
 * The interrupt controller: lines with priority, trigger, mask and affinity; pending and
 * in-service state; end-of-interrupt. It picks a target CPU when a line becomes pending and asks
 * that CPU to take it; the CPU takes it when it is not in a handler and has IRQs on, so
 * hardirq handlers never nest on one CPU (Linux runs handlers with IRQs off).
 *
 * <p>Among several lines pending on one CPU the highest {@code priority} goes first, then the
 * lowest irq number, as a local APIC serves the highest vector class first.
 */
public final class InterruptController {
  private final List<IrqLine> lines = new ArrayList<>();
  /** {@link #lines} as an array, for the scans made at every delivery. */
  private IrqLine[] lineArray = new IrqLine[0];
  private Cpu[] cpus = new Cpu[0];
  private long spurious;

  void attach(Cpu[] cpus) {
    this.cpus = cpus;
  }

  /** Adds a line; irq numbers are 1, 2, ... in the order lines are added. */
  IrqLine addLine(String name, int priority, Trigger trigger, ImmutableList<Integer> affinity,
      DeliveryPolicy policy, ImmutableList<Step> handler, ImmutableList<Step> softirqWork,
      int unhandledEvery) {
    checkArgument(!affinity.isEmpty(), "line %s has an empty affinity mask", name);
    for (int cpu : affinity) {
      checkArgument(cpu >= 0 && cpu < cpus.length, "line %s: CPU %s does not exist", name, cpu);
    }
    checkArgument(unhandledEvery >= 0, "unhandledEvery %s", unhandledEvery);
    IrqLine line = new IrqLine(lines.size() + 1, checkNotNull(name), priority,
        checkNotNull(trigger), affinity, checkNotNull(policy), handler, softirqWork,
        unhandledEvery);
    lines.add(line);
    lineArray = lines.toArray(new IrqLine[0]);
    return line;
  }

  public ImmutableList<IrqLine> lines() {
    return ImmutableList.copyOf(lines);
  }

  /** The line with number {@code irq}, or null. */
  public IrqLine line(int irq) {
    return irq >= 1 && irq <= lines.size() ? lines.get(irq - 1) : null;
  }

  /** Interrupts raised on a number no line has; counted and dropped. */
  public long spurious() {
    return spurious;
  }

  /** A device asserts line {@code irq} at {@code nowNs}. */
  public void raise(int irq, long nowNs) {
    IrqLine line = line(irq);
    if (line == null) {
      spurious++;
      return;
    }
    line.raised++;
    if (line.trigger == Trigger.EDGE && !line.pendingSinceNs.isEmpty()) {
      line.coalesced++;
      return;
    }
    line.pendingSinceNs.addLast(nowNs);
    route(line);
  }

  /** {@code disable_irq_nosync()}: the line stays pending until unmasked. */
  public void mask(int irq) {
    line(irq).masked = true;
  }

  /** {@code enable_irq()}: a request that arrived while masked is delivered now. */
  public void unmask(int irq) {
    IrqLine line = line(irq);
    line.masked = false;
    route(line);
  }

  /** Picks a target for a pending line and tells that CPU. */
  private void route(IrqLine line) {
    if (line.pendingSinceNs.isEmpty() || line.masked || line.inService()) {
      return;
    }
    if (line.targetCpu < 0) {
      line.targetCpu = pickCpu(line);
    }
    cpus[line.targetCpu].requestDelivery();
  }

  private int pickCpu(IrqLine line) {
    switch (line.policy) {
      case FIXED:
        return line.affinity.get(0);
      case ROUND_ROBIN: {
        int cpu = line.affinity.get(line.roundRobinNext % line.affinity.size());
        line.roundRobinNext = (line.roundRobinNext + 1) % line.affinity.size();
        return cpu;
      }
      case LEAST_LOADED: {
        int best = -1;
        int bestLoad = Integer.MAX_VALUE;
        for (int cpu : line.affinity) {
          int load = cpus[cpu].interruptLoad() + pendingOn(cpu);
          if (load < bestLoad || (load == bestLoad && cpu < best)) {
            best = cpu;
            bestLoad = load;
          }
        }
        return best;
      }
      default:
        throw new VerifyError("policy " + line.policy);
    }
  }

  private int pendingOn(int cpu) {
    int n = 0;
    for (IrqLine l : lineArray) {
      if (l.targetCpu == cpu && !l.pendingSinceNs.isEmpty()) {
        n++;
      }
    }
    return n;
  }

  /** The line {@code cpu} should take next, or null. */
  IrqLine nextFor(int cpu) {
    IrqLine best = null;
    for (IrqLine l : lineArray) {
      if (l.targetCpu == cpu && !l.masked && !l.inService() && !l.pendingSinceNs.isEmpty()
          && (best == null || l.priority > best.priority)) {
        best = l;
      }
    }
    return best;
  }

  /** The CPU starts the handler: the oldest request leaves pending; returns its raise time. */
  long startService(IrqLine line, int cpu) {
    Verify.verify(line.targetCpu == cpu && !line.inService(), "line %s not deliverable on %s",
        line.irq, cpu);
    long raisedAtNs = line.pendingSinceNs.removeFirst();
    line.serviceCpu = cpu;
    line.targetCpu = -1;
    line.delivered++;
    return raisedAtNs;
  }

  /** End of interrupt: the line may be delivered again (a level line with requests left). */
  void endOfInterrupt(IrqLine line) {
    Verify.verify(line.inService(), "EOI on line %s not in service", line.irq);
    line.serviceCpu = -1;
    route(line);
  }

  /** Verifies the controller's state against the CPUs'. */
  public void checkInvariants() {
    for (IrqLine l : lines) {
      Verify.verify(l.trigger == Trigger.LEVEL || l.pendingSinceNs.size() <= 1,
          "edge line %s has %s pending", l.irq, l.pendingSinceNs.size());
      Verify.verify(!l.inService() || cpus[l.serviceCpu].servingLine() == l,
          "line %s in service on CPU %s, which is not running its handler", l.irq, l.serviceCpu);
      Verify.verify(l.targetCpu < 0 || !l.pendingSinceNs.isEmpty(), "line %s targets a CPU with "
          + "nothing pending", l.irq);
      Verify.verify(l.delivered + l.pendingSinceNs.size() + l.coalesced == l.raised,
          "line %s: delivered %s + pending %s + coalesced %s != raised %s", l.irq, l.delivered,
          l.pendingSinceNs.size(), l.coalesced, l.raised);
    }
    for (Cpu c : cpus) {
      IrqLine serving = c.servingLine();
      Verify.verify(serving == null || serving.serviceCpu == c.id,
          "CPU %s runs the handler of line %s which is not in service there", c.id,
          serving == null ? 0 : serving.irq);
    }
  }
}
