package dev.labyrinth.bench;

import dev.labyrinth.emulator.mm.AllocContext;
import dev.labyrinth.emulator.mm.Gfp;
import dev.labyrinth.emulator.mm.PageAllocator;
import dev.labyrinth.emulator.mm.ZoneLayout;
import dev.labyrinth.emulator.sim.Tracer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Order-0 alloc+free pairs through CPU 0's per-CPU list of a 4 GiB machine, tracing off. */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class PcpBenchmark {

  PageAllocator allocator;
  AllocContext ctx;

  @Setup
  public void setUp() {
    allocator = new PageAllocator(ZoneLayout.fromMemoryBytes(4L << 30), 4, Tracer.OFF, () -> 0L);
    ctx = AllocContext.task(0, "bench", 1);
  }

  @Benchmark
  public long order0Pair() {
    long pfn = allocator.allocate(0, Gfp.GFP_KERNEL, ctx).pfn();
    allocator.free(pfn, 0, ctx);
    return pfn;
  }
}
