package dev.labyrinth.bench;

import com.google.common.collect.ImmutableList;
import dev.labyrinth.emulator.trace.CanonicalTraceWriter;
import dev.labyrinth.emulator.trace.TraceHeader;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The canonical trace writer alone: one operation is one record shaped like the commonest ones
 * ({@code irq_handler_entry}: the time, the event name, the CPU context prefix and three fields,
 * about 130 bytes), formatted, hashed (SHA-256) and written to a stream that discards the bytes.
 * {@link #mmPageAlloc} is the longest common record ({@code mm_page_alloc} with the context
 * prefix: sixteen fields, about 330 bytes), where per-field costs dominate.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class TraceWriterBenchmark {

  CanonicalTraceWriter writer;
  long timeNs;

  @Setup(Level.Iteration)
  public void open() {
    writer = new CanonicalTraceWriter(OutputStream.nullOutputStream(),
        new TraceHeader("bench", "0".repeat(64), 1, ImmutableList.of()));
  }

  @TearDown(Level.Iteration)
  public void close() {
    writer.finish();
  }

  @Benchmark
  public void irqHandlerEntry() {
    timeNs += 1_000_003;
    writer.begin("irq_handler_entry", timeNs).put("cpu", 1).put("ctx", "hardirq")
        .put("comm", "swapper/1").put("pid", 0).put("irq", 2).put("name", "imu")
        .put("latency_ns", timeNs & 1023).end();
  }

  @Benchmark
  public void mmPageAlloc() {
    timeNs += 1_000_003;
    writer.begin("mm_page_alloc", timeNs).put("cpu", 0).put("ctx", "hardirq")
        .put("comm", "swapper/0").put("pid", 0).put("pfn", timeNs & 4095).put("order", 0)
        .put("migratetype", 0).put("gfp_flags", "GFP_ATOMIC").put("zone", "DMA32")
        .put("free_before", 3136).put("wmark_min", 256).put("wmark_low", 320)
        .put("wmark_high", 384).put("mark", 320).put("alloc_flags", "ALLOC_WMARK_LOW|ALLOC_KSWAPD")
        .put("reserve", "none").end();
  }
}
