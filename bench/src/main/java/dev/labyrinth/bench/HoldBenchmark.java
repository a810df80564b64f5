package dev.labyrinth.bench;

import dev.labyrinth.emulator.sim.Action;
import dev.labyrinth.emulator.sim.Band;
import dev.labyrinth.emulator.sim.RandomStream;
import dev.labyrinth.emulator.sim.RandomStreams;
import dev.labyrinth.emulator.sim.Simulation;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import umontreal.ssj.simevents.Event;
import umontreal.ssj.simevents.Simulator;
import umontreal.ssj.simevents.eventlist.SplayTree;

/**
 * The classic hold model: {@code pending} events in the event set; each executed event
 * reschedules itself after an exponential delay. One operation is one executed event. The delays
 * come from a table filled once from our seeded stream, so every contender sees the same input.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class HoldBenchmark {

  static final int BATCH = 1000;
  static final int TABLE = 1 << 16;

  @Param({"100", "10000", "1000000"})
  int pending;

  long[] delays;
  int next;

  Simulation simulation;
  PriorityQueue<PqEvent> priorityQueue;
  long sequence;
  SteppingSimulator ssj;

  @Setup(Level.Trial)
  public void setUp() {
    RandomStream stream = new RandomStreams(42).stream("bench.hold");
    delays = new long[TABLE];
    for (int i = 0; i < TABLE; i++) {
      delays[i] = stream.exponentialNs(1_000_000);
    }
    simulation = new Simulation(1);
    Action hold = new Action() {
      @Override
      public void run(long nowNs, long arg) {
        simulation.scheduleAfter(nextDelay(), Band.CPU, this, arg);
      }
    };
    for (int i = 0; i < pending; i++) {
      simulation.schedule(nextDelay(), Band.CPU, hold, i);
    }
    priorityQueue = new PriorityQueue<>(pending + 1);
    for (int i = 0; i < pending; i++) {
      priorityQueue.add(new PqEvent(nextDelay(), ++sequence, i));
    }
    ssj = new SteppingSimulator();
    for (int i = 0; i < pending; i++) {
      new SsjHold(ssj).schedule(nextDelay());
    }
  }

  long nextDelay() {
    return delays[next++ & (TABLE - 1)];
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long labyrinth() {
    return simulation.run(Long.MAX_VALUE, BATCH).steps();
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long priorityQueue() {
    long sum = 0;
    for (int i = 0; i < BATCH; i++) {
      PqEvent event = priorityQueue.poll();
      sum += event.arg();
      priorityQueue.add(new PqEvent(event.timeNs() + nextDelay(), ++sequence, event.arg()));
    }
    return sum;
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public double ssjSplayTree() {
    for (int i = 0; i < BATCH; i++) {
      ssj.step();
    }
    return ssj.time();
  }

  record PqEvent(long timeNs, long seq, long arg) implements Comparable<PqEvent> {
    @Override
    public int compareTo(PqEvent o) {
      int byTime = Long.compare(timeNs, o.timeNs);
      return byTime != 0 ? byTime : Long.compare(seq, o.seq);
    }
  }

  /** SSJ's simulator over its default splay-tree event list, stepped one event at a time. */
  static final class SteppingSimulator extends Simulator {
    SteppingSimulator() {
      super(new SplayTree());
      init(); // SSJ starts "stopped" until init() or start()
    }

    void step() {
      Event event = removeFirstEvent(); // also moves the clock to the event's time
      event.actions();
    }
  }

  final class SsjHold extends Event {
    SsjHold(Simulator sim) {
      super(sim);
    }

    @Override
    public void actions() {
      schedule(nextDelay());
    }
  }
}
