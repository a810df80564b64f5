package dev.labyrinth.emulator.machine;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import dev.labyrinth.emulator.mm.Lru;

/**
 * One step of a program that handlers, softirq work and tasks run. Handlers and softirq work may
 * use every step except {@link Sleep}, {@link Wait}, {@link Loop}, {@link IrqsOff} and
 * {@link Process}, which only
 * tasks may (interrupt context cannot sleep; {@link Machine} rejects the rest).
 */
public sealed interface Step {

  /** Default CPU time one page costs an allocation step; see {@link Alloc}. */
  long DEFAULT_ALLOC_COST_PER_PAGE_NS = 200;

  /** Run on the CPU for {@code ns}; preemptible by interrupts (and, in a task, by the scheduler). */
  record Compute(long ns) implements Step {
    public Compute {
      checkArgument(ns >= 0, "ns %s", ns);
    }
  }

  /**
   * Allocate {@code count} blocks of {@code 2^order} pages with {@code gfpMask}. The step costs
   * {@code count * costPerPageNs * 2^order} of CPU time, during which this CPU's per-CPU list
   * lock is held (preemption off in a task), as {@code rmqueue_pcplist()} holds it; an interrupt
   * arriving meanwhile finds it busy. Each block is freed {@code holdNs} later, or kept for a
   * {@link Free} step when {@code holdNs} is {@link #KEEP}.
   *
   * <p>With {@code lru} not null (only with {@link #KEEP}), each block goes on the allocator's
   * file or anon LRU list ({@code lru_cache_add()}, as a page-cache read or an anonymous fault
   * does) instead of the owner's kept blocks: reclaim may free it from then on.
   *
   * <p>Simplifications: the blocks are taken at the start of the step; the lock hold models the
   * time the critical section takes, not when inside it each page is taken. A block on the LRU
   * belongs to the LRU from then on: a {@link Free} step and the owner's exit do not free it, and
   * it does not count in the owner's OOM badness (Linux would unmap a task's anon pages at exit
   * and count them in its rss; page cache outlives the task in Linux too).
   */
  record Alloc(int order, int gfpMask, int count, long holdNs, long costPerPageNs, Lru lru)
      implements Step {
    public static final long KEEP = -1;

    public Alloc {
      checkArgument(order >= 0 && order <= 10, "order %s", order);
      checkArgument(count >= 1, "count %s", count);
      checkArgument(holdNs >= 0 || holdNs == KEEP, "holdNs %s", holdNs);
      checkArgument(costPerPageNs >= 0, "costPerPageNs %s", costPerPageNs);
      checkArgument(lru == null || holdNs == KEEP, "an LRU block is kept, not held");
    }

    /** A step whose blocks the owner keeps or holds (no LRU). */
    public Alloc(int order, int gfpMask, int count, long holdNs, long costPerPageNs) {
      this(order, gfpMask, count, holdNs, costPerPageNs, null);
    }

    long costNs() {
      return Math.multiplyExact(Math.multiplyExact((long) count, costPerPageNs), 1L << order);
    }
  }

  /** Free the {@code count} oldest kept blocks of the owner ({@link #ALL}: every one). */
  record Free(int count) implements Step {
    public static final int ALL = -1;

    public Free {
      checkArgument(count >= 1 || count == ALL, "count %s", count);
    }
  }

  /** {@code raise_softirq(vec)}: queue the owner's softirq work (if any) and mark it pending. */
  record RaiseSoftirq(Softirq vec) implements Step {
    public RaiseSoftirq {
      checkNotNull(vec);
    }
  }

  /** {@code wake_up_process()} on the task named {@code task}, if it sleeps. */
  record Wake(String task) implements Step {
    public Wake {
      checkNotNull(task);
    }
  }

  /** Task only: sleep {@code ns} (TASK_INTERRUPTIBLE, as {@code msleep}). */
  record Sleep(long ns) implements Step {
    public Sleep {
      checkArgument(ns >= 0, "ns %s", ns);
    }
  }

  /** Task only: sleep until woken by a {@link Wake}, or {@code timeoutNs} passed. */
  record Wait(long timeoutNs) implements Step {
    public Wait {
      checkArgument(timeoutNs > 0, "timeoutNs %s", timeoutNs);
    }
  }

  /** Task only: {@code local_irq_disable()} ({@code true}) or {@code local_irq_enable()}. */
  record IrqsOff(boolean off) implements Step {}

  /** Task only: a process operation ({@link ProcessOp}), run by {@link Processes}. */
  record Process(ProcessOp op) implements Step {
    public Process {
      checkNotNull(op);
    }
  }

  /** Task only: run {@code body} {@code count} times. */
  record Loop(int count, ImmutableList<Step> body) implements Step {
    public Loop {
      checkArgument(count >= 1, "count %s", count);
      checkNotNull(body);
    }
  }

  /**
   * A memory-pressure workload, as a task only: allocate {@code totalPages} order-0 pages in
   * chunks of {@code chunkPages}, one chunk every {@code everyNs} (sleeping between chunks),
   * keeping them all, on the {@code lru} list when not null (then reclaim can take them back; see
   * {@link Alloc}). Expands to a {@link Loop} of {@link Alloc} and {@link Sleep}.
   */
  public static ImmutableList<Step> fill(long totalPages, int chunkPages, long everyNs, int gfpMask,
      long costPerPageNs, Lru lru) {
    checkArgument(totalPages >= 1 && chunkPages >= 1, "totalPages %s chunkPages %s", totalPages,
        chunkPages);
    long chunks = totalPages / chunkPages;
    int rest = Math.toIntExact(totalPages % chunkPages);
    ImmutableList.Builder<Step> out = ImmutableList.builder();
    if (chunks > 0) {
      out.add(new Loop(Math.toIntExact(chunks), ImmutableList.of(
          new Alloc(0, gfpMask, chunkPages, Alloc.KEEP, costPerPageNs, lru), new Sleep(everyNs))));
    }
    if (rest > 0) {
      out.add(new Alloc(0, gfpMask, rest, Alloc.KEEP, costPerPageNs, lru));
    }
    return out.build();
  }
}
