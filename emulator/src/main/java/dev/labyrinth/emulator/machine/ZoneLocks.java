package dev.labyrinth.emulator.machine;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.base.Verify;
import dev.labyrinth.emulator.mm.AllocContext;
import dev.labyrinth.emulator.mm.ZoneLockListener;
import dev.labyrinth.emulator.mm.ZoneType;

/**
 * The machine's {@code zone->lock}s and what holding one costs. The allocator reports each
 * critical section a CPU's call entered ({@link ZoneLockListener}); the section waits here until
 * the CPU's step runner turns it into emulated time ({@link #enter}): a spin while another CPU
 * holds the lock, then the hold, both with IRQs off.
 *
 * <p>Hold time of a section: {@code base + perBlock * blocks}, where blocks are the pages or
 * higher-order blocks it moved ({@code __rmqueue()} / {@code __free_one_page()} calls). The
 * defaults are estimates of real-world magnitudes, not measurements of a particular machine:
 * taking the lock and the IRQ save/restore cost on the order of 100 ns, and each block moved
 * tens of ns (list manipulation with likely cache misses on struct page).
 *
 * <p>Simplifications: sections of work that runs on no CPU (a held block's free by the consumer
 * the model does not emulate) and of a task's exit take no time and never make another CPU spin;
 * reclaim (kswapd and direct) frees its pages straight to the buddy lists without reporting a
 * section, its time being {@code cost_per_page}.
 */
final class ZoneLocks implements ZoneLockListener {
  /** Default time to take and release the lock with IRQs saved: an estimate. */
  static final long DEFAULT_BASE_NS = 100;
  /** Default time per block moved under the lock: an estimate. */
  static final long DEFAULT_PER_BLOCK_NS = 50;

  /**
   * What entering a section gave: the wait (0 when the lock was free) and the hold. One object,
   * refilled by each {@link #enter} (a section is entered per allocation refill and per free to
   * the buddy lists): read it before the next call.
   */
  static final class Entry {
    private ZoneType zone;
    private int holderCpu;
    private long waitNs;
    private long holdNs;

    ZoneType zone() {
      return zone;
    }

    /** The CPU that held the lock when the section asked for it, or -1. */
    int holderCpu() {
      return holderCpu;
    }

    long waitNs() {
      return waitNs;
    }

    long holdNs() {
      return holdNs;
    }
  }

  private final ZoneLock[] locks = new ZoneLock[ZoneType.COUNT];
  /**
   * Per CPU, the sections it entered and that have not yet been given time, oldest first, each
   * packed as {@code zoneIndex << 32 | blocks} (no object per section).
   */
  private final LongFifo[] pendingByCpu;
  private final Entry entry = new Entry();
  private long baseNs = DEFAULT_BASE_NS;
  private long perBlockNs = DEFAULT_PER_BLOCK_NS;
  private long spins;
  private long waitTotalNs;
  private long waitMaxNs;

  ZoneLocks(int cpus) {
    for (int i = 0; i < locks.length; i++) {
      locks[i] = new ZoneLock();
    }
    pendingByCpu = new LongFifo[cpus];
    for (int i = 0; i < cpus; i++) {
      pendingByCpu[i] = new LongFifo();
    }
  }

  void setCosts(long baseNs, long perBlockNs) {
    checkArgument(baseNs >= 0 && perBlockNs >= 0, "negative zone lock cost %s/%s", baseNs,
        perBlockNs);
    this.baseNs = baseNs;
    this.perBlockNs = perBlockNs;
  }

  @Override
  public void section(AllocContext ctx, ZoneType zone, int blocks) {
    if (ctx.onCpu()) {
      checkArgument(blocks >= 0, "negative block count %s", blocks);
      pendingByCpu[ctx.cpu()].addLast((long) zone.index() << 32 | blocks);
    }
  }

  /** Whether {@code cpu} entered a section that has not been given time yet. */
  boolean pending(int cpu) {
    return !pendingByCpu[cpu].isEmpty();
  }

  /**
   * Gives {@code cpu}'s oldest pending section its place on the lock at {@code nowNs}: the
   * CPU spins for {@link Entry#waitNs()} and then holds the lock for {@link Entry#holdNs()}.
   * The answer is this object's one {@link Entry}, valid until the next call.
   */
  Entry enter(int cpu, long nowNs) {
    LongFifo pending = pendingByCpu[cpu];
    Verify.verify(!pending.isEmpty(), "CPU %s enters no zone lock section", cpu);
    long section = pending.removeFirst();
    int zoneIndex = (int) (section >>> 32);
    long blocks = section & 0xFFFF_FFFFL;
    long holdNs = Math.addExact(baseNs, Math.multiplyExact(perBlockNs, blocks));
    ZoneLock lock = locks[zoneIndex];
    int holder = lock.holderAt(nowNs);
    long waitNs = lock.acquire(cpu, nowNs, holdNs) - nowNs;
    if (waitNs > 0) {
      spins++;
      waitTotalNs += waitNs;
      waitMaxNs = Math.max(waitMaxNs, waitNs);
    }
    entry.zone = ZoneType.ofIndex(zoneIndex);
    entry.holderCpu = holder;
    entry.waitNs = waitNs;
    entry.holdNs = holdNs;
    return entry;
  }

  /** Drops {@code cpu}'s pending sections (work that is given no time, see the class comment). */
  void discard(int cpu) {
    pendingByCpu[cpu].clear();
  }

  /** Sections entered while another CPU held (or was promised) the lock. */
  long spins() {
    return spins;
  }

  long waitTotalNs() {
    return waitTotalNs;
  }

  long waitMaxNs() {
    return waitMaxNs;
  }

  void checkInvariants() {
    for (ZoneType z : ZoneType.values()) {
      locks[z.index()].checkInvariants(z.linuxName());
    }
  }
}
