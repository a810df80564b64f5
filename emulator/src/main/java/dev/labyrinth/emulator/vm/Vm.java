package dev.labyrinth.emulator.vm;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedSet;
import dev.labyrinth.emulator.mm.Gfp;
import dev.labyrinth.emulator.sim.Tracer;
import dev.labyrinth.emulator.vm.Results.AccessResult;
import dev.labyrinth.emulator.vm.Results.ChangeResult;
import dev.labyrinth.emulator.vm.Results.ForkResult;
import dev.labyrinth.emulator.vm.Results.MmapResult;
import dev.labyrinth.emulator.vm.Results.PinResult;
import dev.labyrinth.emulator.vm.Results.SpawnResult;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * The processes' memory of one emulated machine: the operations task programs call (the system
 * calls and memory accesses of a process), each returning a small result. Running out of memory
 * is a result ({@link Outcome#ENOMEM}, {@link Outcome#OOM}) with the failed GFP mask, never an
 * exception; a caller error (unknown pid or pin) is an {@link IllegalArgumentException}.
 *
 * <p>Pin ids are handed out by this class, from 1, in call order. Pids are the caller's: the
 * machine passes its task's pid to {@link #spawn(int)} and {@link #fork(int, int)}, so a vm
 * record's {@code proc} is the pid of the task in the context prefix; {@link #spawn()} and
 * {@link #fork(int)} hand out pids from 1 for callers with no tasks (tests).
 */
public final class Vm {
  final FrameSource source;
  final Frames frames;
  final VmOptions options;
  final VmTrace trace;
  final BleedChecker checker = new BleedChecker();
  final Faults faults = new Faults(this);
  final TreeMap<Integer, AddressSpace> processes = new TreeMap<>();
  final TreeMap<Integer, Pin> pins = new TreeMap<>();
  private final long[] counters = new long[VmCounter.values().length];
  private int nextPid = 1;
  private int nextPinId = 1;
  private int nextShmemId = 1;

  /** A vm without tracing, with Linux 6.18 behaviour. */
  public Vm(FrameSource source) {
    this(source, VmOptions.DEFAULTS, Tracer.OFF, () -> 0L, TraceContext.NONE);
  }

  /**
   * @param context writes the caller's context prefix into each record (see {@link TraceContext})
   */
  public Vm(FrameSource source, VmOptions options, Tracer tracer, LongSupplier clockNs,
      TraceContext context) {
    this.source = checkNotNull(source);
    this.options = checkNotNull(options);
    this.frames = new Frames(source.endPfn());
    this.trace = new VmTrace(checkNotNull(tracer), checkNotNull(clockNs), checkNotNull(context));
  }

  // ---- processes ----

  /** A new process with an empty address space (its PGD allocated): the first task of a program. */
  public SpawnResult spawn() {
    SpawnResult r = spawn(nextPid);
    if (r.outcome() == Outcome.OK) {
      nextPid++;
    }
    return r;
  }

  /** {@link #spawn()} with the caller's pid, which must not be live. */
  public SpawnResult spawn(int pid) {
    checkArgument(pid > 0 && !processes.containsKey(pid), "pid %s is taken", pid);
    PageTables tables = PageTables.create(source, frames);
    if (tables != null) {
      processes.put(pid, new AddressSpace(pid, tables));
    }
    Outcome outcome = tables == null ? Outcome.ENOMEM : Outcome.OK;
    if (trace.enabled()) {
      trace.begin("vm_spawn").put("proc", tables == null ? 0 : pid)
          .put("outcome", failureName(outcome)).end();
    }
    return new SpawnResult(outcome, tables == null ? 0 : pid);
  }

  /** Live processes, ascending. */
  public ImmutableSortedSet<Integer> pids() {
    return ImmutableSortedSet.copyOf(processes.keySet());
  }

  /**
   * fork(): a child with a copy of the parent's address space ({@link Fork}). On ENOMEM there is
   * no child and {@code childPid} is 0.
   */
  public ForkResult fork(int parentPid) {
    ForkResult r = fork(parentPid, nextPid);
    if (r.outcome() == Outcome.OK) {
      nextPid++;
    }
    return r;
  }

  /** {@link #fork(int)} with the child's pid chosen by the caller; it must not be live. */
  public ForkResult fork(int parentPid, int childPid) {
    AddressSpace parent = mm(parentPid);
    checkArgument(childPid > 0 && !processes.containsKey(childPid), "pid %s is taken", childPid);
    PageTables tables = PageTables.create(source, frames);
    if (tables == null) {
      return forkFailed(parentPid, 0, 0, 0, 0, VmGfp.PGTABLE_USER);
    }
    int pid = childPid;
    AddressSpace child = new AddressSpace(pid, tables);
    int forkId = checker.recordFork(parentPid, pid);
    Fork fork = new Fork(this);
    boolean ok = fork.copy(parent, child, forkId);
    int pgtables = child.tables.tables();
    if (!ok) {
      teardown(child);
      return forkFailed(parentPid, forkId, fork.shared, fork.copied, pgtables, fork.failedGfpMask);
    }
    processes.put(pid, child);
    if (trace.enabled()) {
      trace.begin("vm_fork").put("parent", parentPid).put("child", pid).put("fork", forkId)
          .put("outcome", "ok").put("shared", fork.shared).put("copied", fork.copied)
          .put("pgtables", pgtables).end();
    }
    return new ForkResult(Outcome.OK, pid, fork.shared, fork.copied, pgtables, 0);
  }

  private ForkResult forkFailed(int parentPid, int forkId, int shared, int copied, int pgtables,
      int gfp) {
    boolean retry = source.mustRetry();
    if (!retry) {
      count(VmCounter.FORK_ENOMEM);
    }
    if (trace.enabled()) {
      trace.begin("vm_fork").put("parent", parentPid).put("child", 0).put("fork", forkId)
          .put("outcome", retry ? "retry" : "enomem").put("shared", shared).put("copied", copied)
          .put("pgtables", pgtables).put("failed_gfp", Gfp.formatForTrace(gfp)).end();
    }
    return new ForkResult(Outcome.ENOMEM, 0, shared, copied, pgtables, gfp);
  }

  /**
   * exit(): the address space goes ({@code exit_mmap()}): every mapping is zapped, pages whose
   * last reference went are freed, then every page-table page. Pins and pipe references the
   * process took stay until {@link #unpin} (they belong to the pipe or io_uring ring, which may
   * outlive the process; the machine unpins when it models closing them).
   */
  public ChangeResult exit(int pid) {
    AddressSpace mm = mm(pid);
    int[] freed = teardown(mm);
    processes.remove(pid);
    if (trace.enabled()) {
      trace.begin("vm_exit").put("proc", pid).put("pages_freed", freed[0])
          .put("pgtables_freed", freed[1]).end();
    }
    return new ChangeResult(Outcome.OK, freed[0], freed[1]);
  }

  private int[] teardown(AddressSpace mm) {
    int pages = 0;
    for (Vma v : new ArrayList<>(mm.vmas.values())) {
      pages += unmapVma(mm, v);
    }
    int tables = mm.tables.freeAll();
    return new int[] {pages, tables};
  }

  // ---- mappings ----

  /**
   * mmap(NULL, length, prot, flags | MAP_ANONYMOUS, -1, 0): a new private ({@link Mman#MAP_PRIVATE})
   * or shared ({@link Mman#MAP_SHARED}, shmem-backed) anonymous mapping; nothing is populated.
   */
  public MmapResult mmap(int pid, long lengthBytes, int prot, int flags) {
    AddressSpace mm = mm(pid);
    Outcome outcome = Outcome.OK;
    long addr = 0;
    if (lengthBytes <= 0 || (prot & ~(Mman.PROT_READ | Mman.PROT_WRITE)) != 0
        || (flags != Mman.MAP_PRIVATE && flags != Mman.MAP_SHARED)) {
      outcome = Outcome.EINVAL;
    } else {
      long length = pageAlign(lengthBytes);
      addr = mm.unmappedArea(length);
      if (addr < 0) {
        outcome = Outcome.ENOMEM;
        addr = 0;
      } else {
        int vmFlags = prot | Vma.VM_MAYWRITE | Vma.VM_SOFTDIRTY;
        ShmemObject shmem = null;
        if (flags == Mman.MAP_SHARED) {
          vmFlags |= Vma.VM_SHARED | Vma.VM_MAYSHARE;
          shmem = new ShmemObject(nextShmemId++);
          shmem.vmaRefs = 1;
        }
        mm.vmas.put(addr, new Vma(addr, addr + length, vmFlags, shmem, 0));
      }
    }
    if (trace.enabled()) {
      trace.begin("vm_mmap").put("proc", pid).put("address", VmTrace.hex(addr))
          .put("length", lengthBytes).put("prot", protName(prot))
          .put("flags", flags == Mman.MAP_SHARED ? "shared" : "private")
          .put("outcome", outcome.traceName()).end();
    }
    return new MmapResult(outcome, addr);
  }

  /** munmap(): zaps and removes the mappings in the range; frees empty page tables. */
  public ChangeResult munmap(int pid, long addr, long lengthBytes) {
    AddressSpace mm = mm(pid);
    int pages = 0;
    int tables = 0;
    Outcome outcome = rangeOk(addr, lengthBytes) ? Outcome.OK : Outcome.EINVAL;
    if (outcome == Outcome.OK) {
      long end = addr + pageAlign(lengthBytes);
      for (Vma v : mm.isolate(addr, end)) {
        pages += unmapVma(mm, v);
      }
      tables = mm.tables.freeEmpty();
    }
    if (trace.enabled()) {
      trace.begin("vm_munmap").put("proc", pid).put("address", VmTrace.hex(addr))
          .put("length", lengthBytes).put("outcome", outcome.traceName())
          .put("pages_freed", pages).put("pgtables_freed", tables).end();
    }
    return new ChangeResult(outcome, pages, tables);
  }

  /** {@code zap_pte_range()} over one VMA, then drops the VMA (and its shmem object if last). */
  private int unmapVma(AddressSpace mm, Vma v) {
    List<long[]> present = new ArrayList<>();
    mm.tables.forEach(v.startVpn(), v.endVpn(), (vpn, pte) -> present.add(new long[] {vpn, pte}));
    int freed = 0;
    for (long[] e : present) {
      mm.tables.set(e[0], 0);
      if (!Pte.zero(e[1]) && unmapPage(Pte.pfn(e[1]))) {
        freed++;
      }
    }
    mm.vmas.remove(v.start);
    mm.view.subMap(v.startVpn(), v.endVpn()).clear();
    for (Pin p : pins.values()) {
      if (p.ownerPid == mm.pid) {
        for (int i = 0; i < p.pfns.length; i++) {
          long vpn = p.startVpn + i;
          if (vpn >= v.startVpn() && vpn < v.endVpn()) {
            p.tracksOwner[i] = false;
          }
        }
      }
    }
    if (v.shmem != null && --v.shmem.vmaRefs == 0) {
      for (long pfn : v.shmem.pages.values()) {
        if (putPage((int) pfn, 1)) {
          freed++;
        }
      }
      v.shmem.pages.clear();
    }
    return freed;
  }

  /**
   * mprotect() to {@code prot} ({@link Mman#PROT_READ}, {@link Mman#PROT_WRITE}):
   * {@code change_protection()}. Removing write write-protects every PTE. Adding it makes a PTE
   * writable at once only where {@code can_change_pte_writable()} allows: an anonymous page that
   * is PageAnonExclusive (never a shared one: cow.c "with mprotect() optimization") or a shmem
   * page, and in both cases not while soft-dirty tracking waits for this PTE's first write.
   */
  public ChangeResult mprotect(int pid, long addr, long lengthBytes, int prot) {
    AddressSpace mm = mm(pid);
    Outcome outcome = Outcome.OK;
    if (!rangeOk(addr, lengthBytes) || (prot & ~(Mman.PROT_READ | Mman.PROT_WRITE)) != 0) {
      outcome = Outcome.EINVAL;
    } else if (!mm.covered(addr, addr + pageAlign(lengthBytes))) {
      outcome = Outcome.ENOMEM;
    } else {
      long end = addr + pageAlign(lengthBytes);
      for (Vma v : mm.isolate(addr, end)) {
        v.flags = (v.flags & ~(Vma.VM_READ | Vma.VM_WRITE)) | prot;
        List<long[]> present = new ArrayList<>();
        mm.tables.forEach(v.startVpn(), v.endVpn(), (vpn, pte) -> present.add(
            new long[] {vpn, pte}));
        for (long[] e : present) {
          long pte = e[1];
          if (!v.has(Vma.VM_WRITE)) {
            mm.tables.set(e[0], Pte.wrprotect(pte));
          } else if (!Pte.writable(pte) && canChangePteWritable(v, pte)) {
            mm.tables.set(e[0], pte | Pte.WRITE);
          }
        }
      }
    }
    if (trace.enabled()) {
      trace.begin("vm_mprotect").put("proc", pid).put("address", VmTrace.hex(addr))
          .put("length", lengthBytes).put("prot", protName(prot))
          .put("outcome", outcome.traceName()).end();
    }
    return new ChangeResult(outcome, 0, 0);
  }

  /** {@code can_change_pte_writable()} (mm/mprotect.c). */
  private boolean canChangePteWritable(Vma v, long pte) {
    if (Pte.zero(pte)) {
      return false;
    }
    if (v.softDirtyEnabled() && !Pte.softDirty(pte)) {
      return false;
    }
    if (v.shared()) {
      return true;
    }
    return frames.has(Pte.pfn(pte), Frames.ANON_EXCLUSIVE);
  }

  /**
   * madvise() with {@link Mman#MADV_DONTFORK}, {@link Mman#MADV_DOFORK},
   * {@link Mman#MADV_WIPEONFORK} (private anonymous only, else EINVAL) or
   * {@link Mman#MADV_KEEPONFORK}.
   */
  public ChangeResult madvise(int pid, long addr, long lengthBytes, int advice) {
    AddressSpace mm = mm(pid);
    Outcome outcome = Outcome.OK;
    long end = addr + pageAlign(Math.max(lengthBytes, 0));
    if (!rangeOk(addr, lengthBytes) || adviceName(advice) == null) {
      outcome = Outcome.EINVAL;
    } else if (!mm.covered(addr, end)) {
      outcome = Outcome.ENOMEM;
    } else if (advice == Mman.MADV_WIPEONFORK && anyShared(mm, addr, end)) {
      outcome = Outcome.EINVAL;
    } else {
      for (Vma v : mm.isolate(addr, end)) {
        switch (advice) {
          case Mman.MADV_DONTFORK -> v.flags |= Vma.VM_DONTCOPY;
          case Mman.MADV_DOFORK -> v.flags &= ~Vma.VM_DONTCOPY;
          case Mman.MADV_WIPEONFORK -> v.flags |= Vma.VM_WIPEONFORK;
          default -> v.flags &= ~Vma.VM_WIPEONFORK;
        }
      }
    }
    if (trace.enabled()) {
      String name = adviceName(advice);
      trace.begin("vm_madvise").put("proc", pid).put("address", VmTrace.hex(addr))
          .put("length", lengthBytes).put("advice", name == null ? String.valueOf(advice) : name)
          .put("outcome", outcome.traceName()).end();
    }
    return new ChangeResult(outcome, 0, 0);
  }

  private static boolean anyShared(AddressSpace mm, long start, long end) {
    for (long at = start; at < end; ) {
      Vma v = mm.find(at);
      if (v.shared()) {
        return true;
      }
      at = v.end;
    }
    return false;
  }

  /**
   * {@code echo 4 > /proc/pid/clear_refs}: clears VM_SOFTDIRTY on every VMA and the soft-dirty
   * bit of every PTE, write-protecting it ({@code clear_soft_dirty()}), so the next write faults.
   */
  public ChangeResult clearSoftDirty(int pid) {
    AddressSpace mm = mm(pid);
    for (Vma v : mm.vmas.values()) {
      v.flags &= ~Vma.VM_SOFTDIRTY;
    }
    List<long[]> present = new ArrayList<>();
    mm.tables.forEach(0, Long.MAX_VALUE, (vpn, pte) -> present.add(new long[] {vpn, pte}));
    for (long[] e : present) {
      mm.tables.set(e[0], Pte.wrprotect(e[1]) & ~Pte.SOFT_DIRTY);
    }
    if (trace.enabled()) {
      trace.begin("vm_clear_refs").put("proc", pid).end();
    }
    return new ChangeResult(Outcome.OK, 0, 0);
  }

  // ---- accesses ----

  /**
   * A load of every page in [addr, addr + length): faults in what is missing, then checks each
   * page's content token against what this process may see.
   */
  public AccessResult read(int pid, long addr, long lengthBytes) {
    AddressSpace mm = mm(pid);
    checkArgument(lengthBytes > 0 && addr >= 0, "bad range %s+%s", addr, lengthBytes);
    int faultCount = 0;
    ImmutableList.Builder<BleedViolation> found = ImmutableList.builder();
    for (long vpn = addr >>> 12; vpn <= (addr + lengthBytes - 1) >>> 12; vpn++) {
      long at = Math.max(addr, vpn << 12);
      Vma v = mm.find(at);
      if (v == null || !v.has(Vma.VM_READ)) {
        return new AccessResult(Outcome.SIGSEGV, faultCount, at, 0, found.build());
      }
      long pte = mm.tables.get(vpn);
      if (pte == 0) {
        faultCount++;
        if (!faults.handle(mm, v, vpn, Faults.Kind.READ)) {
          return new AccessResult(Outcome.OOM, faultCount, at, faults.failedGfpMask,
              found.build());
        }
        pte = mm.tables.get(vpn);
      }
      long observed = Pte.zero(pte) ? 0 : frames.token[Pte.pfn(pte)];
      long expected = v.shared()
          ? v.shmem.expectedTokens.getOrDefault(v.shmemIndex(vpn), 0L)
          : mm.view.getOrDefault(vpn, 0L);
      report(found, pid, pte, vpn << 12, "read", false, observed, expected);
    }
    return new AccessResult(Outcome.OK, faultCount, 0, 0, found.build());
  }

  /**
   * A store to every page in [addr, addr + length): faults as needed (new page, COW copy or
   * reuse), then writes a fresh content token into each page.
   */
  public AccessResult write(int pid, long addr, long lengthBytes) {
    AddressSpace mm = mm(pid);
    checkArgument(lengthBytes > 0 && addr >= 0, "bad range %s+%s", addr, lengthBytes);
    int faultCount = 0;
    for (long vpn = addr >>> 12; vpn <= (addr + lengthBytes - 1) >>> 12; vpn++) {
      long at = Math.max(addr, vpn << 12);
      Vma v = mm.find(at);
      if (v == null || !v.has(Vma.VM_WRITE)) {
        return new AccessResult(Outcome.SIGSEGV, faultCount, at, 0, ImmutableList.of());
      }
      long pte = mm.tables.get(vpn);
      if (pte == 0 || !Pte.writable(pte)) {
        faultCount++;
        if (!faults.handle(mm, v, vpn, Faults.Kind.WRITE)) {
          return new AccessResult(Outcome.OOM, faultCount, at, faults.failedGfpMask,
              ImmutableList.of());
        }
        pte = mm.tables.get(vpn);
      }
      store(mm, v, vpn, Pte.pfn(pte));
    }
    return new AccessResult(Outcome.OK, faultCount, 0, 0, ImmutableList.of());
  }

  private void store(AddressSpace mm, Vma v, long vpn, int pfn) {
    long token = checker.newToken(mm.pid);
    frames.token[pfn] = token;
    boolean shmem = v.shared();
    if (shmem) {
      v.shmem.expectedTokens.put(v.shmemIndex(vpn), token);
    } else {
      mm.view.put(vpn, token);
    }
    for (Pin p : pins.values()) {
      for (int i = 0; i < p.pfns.length; i++) {
        boolean sameFrame = p.pfns[i] == pfn && (shmem || p.ownerPid == mm.pid);
        boolean ownerView = p.tracksOwner[i] && p.ownerPid == mm.pid && p.startVpn + i == vpn;
        if (sameFrame || ownerView) {
          p.expectedTokens[i] = token;
        }
      }
    }
  }

  // ---- pins ----

  /**
   * GUP of every page in [addr, addr + length) with {@code kind}'s flags ({@link Gup}); on
   * failure nothing stays referenced.
   */
  public PinResult pin(int pid, long addr, long lengthBytes, PinKind kind) {
    AddressSpace mm = mm(pid);
    checkNotNull(kind);
    checkArgument(lengthBytes > 0 && addr >= 0, "bad range %s+%s", addr, lengthBytes);
    long first = addr >>> 12;
    int pages = (int) (((addr + lengthBytes - 1) >>> 12) - first + 1);
    Pin pin = new Pin(nextPinId, pid, kind, first, pages);
    Gup gup = new Gup(this);
    Outcome outcome = Outcome.OK;
    int done = 0;
    for (; done < pages; done++) {
      long vpn = first + done;
      Vma v = mm.find(vpn << 12);
      if (v == null || !v.has(Vma.VM_READ) || (kind.follWrite() && !v.has(Vma.VM_WRITE))) {
        outcome = Outcome.EFAULT;
        break;
      }
      long pfn = gup.grab(mm, v, vpn, kind);
      if (pfn == Long.MIN_VALUE) {
        outcome = Outcome.ENOMEM;
        break;
      }
      pin.pfns[done] = pfn;
      pin.expectedTokens[done] = pfn < 0 ? 0 : frames.token[(int) pfn];
      pin.tracksOwner[done] = kind.follPin() && !v.shared();
    }
    int id = 0;
    if (outcome == Outcome.OK) {
      id = nextPinId++;
      pins.put(id, pin);
    } else {
      release(pin, done);
    }
    if (trace.enabled()) {
      trace.begin("vm_pin").put("proc", pid).put("pin", id).put("kind", kind.traceName())
          .put("address", VmTrace.hex(addr)).put("pages", pages).put("unshared", gup.unshared)
          .put("outcome", failureName(outcome)).end();
    }
    return new PinResult(outcome, id, outcome == Outcome.OK ? pages : 0, gup.unshared,
        gup.faults, gup.failedGfpMask);
  }

  /**
   * A read through pin or pipe reference {@code pinId} (a pipe read, an io_uring write_fixed, a
   * gup_test PIN_LONGTERM_TEST_READ): checks each page against what the reference must show.
   */
  public AccessResult readPin(int pinId) {
    Pin p = pins.get(pinId);
    checkArgument(p != null, "no pin %s", pinId);
    ImmutableList.Builder<BleedViolation> found = ImmutableList.builder();
    for (int i = 0; i < p.pfns.length; i++) {
      long pfn = p.pfns[i];
      long observed = pfn < 0 ? 0 : frames.token[(int) pfn];
      long pte = pfn < 0 ? Pte.zeroPage() : Pte.make(pfn, false);
      report(found, p.ownerPid, pte, (p.startVpn + i) << 12, "pin " + pinId, p.kind.follPin(),
          observed, p.expectedTokens[i]);
    }
    return new AccessResult(Outcome.OK, 0, 0, 0, found.build());
  }

  /** Drops pin or pipe reference {@code pinId} ({@code unpin_user_pages()} / {@code put_page()}). */
  public ChangeResult unpin(int pinId) {
    Pin p = pins.remove(pinId);
    checkArgument(p != null, "no pin %s", pinId);
    int freed = release(p, p.pfns.length);
    if (trace.enabled()) {
      trace.begin("vm_unpin").put("proc", p.ownerPid).put("pin", pinId)
          .put("kind", p.kind.traceName()).put("pages", p.pfns.length).put("pages_freed", freed)
          .end();
    }
    return new ChangeResult(Outcome.OK, freed, 0);
  }

  private int release(Pin p, int pages) {
    int freed = 0;
    for (int i = 0; i < pages; i++) {
      if (p.pfns[i] < 0) {
        continue;
      }
      int pfn = (int) p.pfns[i];
      if (p.kind.follPin()) {
        frames.pins[pfn]--;
        count(VmCounter.NR_FOLL_PIN_RELEASED);
        if (putPage(pfn, Frames.GUP_PIN_COUNTING_BIAS)) {
          freed++;
        }
      } else {
        frames.gets[pfn]--;
        if (putPage(pfn, 1)) {
          freed++;
        }
      }
    }
    return freed;
  }

  /** Live pin ids, ascending. */
  public ImmutableSortedSet<Integer> pinIds() {
    return ImmutableSortedSet.copyOf(pins.keySet());
  }

  // ---- checker, counters, invariants ----

  /** Every violation the bleed checker found so far, in order. */
  public ImmutableList<BleedViolation> violations() {
    return ImmutableList.copyOf(checker.violations);
  }

  /** A counter's value; {@code nr_page_table_pages} is a gauge (page-table pages now held). */
  public long counter(VmCounter c) {
    return counters[c.ordinal()];
  }

  /** Page-table pages held by all processes ({@code nr_page_table_pages}). */
  public long pageTablePages() {
    long n = 0;
    for (AddressSpace mm : processes.values()) {
      n += mm.tables.tables();
    }
    return n;
  }

  /** Writes a {@code vm_vmstat} record: every counter in {@link VmCounter} order. */
  public void traceVmstat() {
    if (!trace.enabled()) {
      return;
    }
    Tracer.Record r = trace.begin("vm_vmstat");
    for (VmCounter c : VmCounter.values()) {
      r.put(c.traceName(), counters[c.ordinal()]);
    }
    r.put("nr_page_table_pages", pageTablePages()).end();
  }

  /**
   * Checks every structural invariant ({@link VmInvariants}); throws
   * {@link com.google.common.base.VerifyException} naming the first broken one.
   */
  public void checkInvariants() {
    new VmInvariants(this).check();
  }

  void count(VmCounter c) {
    counters[c.ordinal()]++;
  }

  /** {@code folio_remove_rmap_pte()} then {@code folio_put()}; true if the frame was freed. */
  boolean unmapPage(int pfn) {
    frames.mapcount[pfn]--;
    return putPage(pfn, 1);
  }

  private boolean putPage(int pfn, int refs) {
    if (frames.put(pfn, refs)) {
      source.free(pfn, 0);
      return true;
    }
    return false;
  }

  private void report(ImmutableList.Builder<BleedViolation> found, int reader, long pte,
      long address, String via, boolean longtermPin, long observed, long expected) {
    long pfn = Pte.zero(pte) ? -1 : Pte.pfn(pte);
    int shareFork = pfn < 0 ? 0 : frames.shareFork[(int) pfn];
    BleedViolation v = checker.check(reader, pfn, address, via, longtermPin, observed, expected,
        shareFork);
    if (v == null) {
      return;
    }
    found.add(v);
    count(VmCounter.BLEED);
    if (trace.enabled()) {
      trace.begin("vm_bleed").put("kind", v.kind()).put("reader", v.readerPid())
          .put("writer", v.writerPid()).put("address", VmTrace.hex(v.address()))
          .put("pfn", v.pfn()).put("via", v.via()).put("token", v.observedToken())
          .put("expected", v.expectedToken()).put("fork", v.forkId())
          .put("fork_parent", v.forkParentPid()).put("fork_child", v.forkChildPid()).end();
    }
  }

  AddressSpace mm(int pid) {
    AddressSpace mm = processes.get(pid);
    checkArgument(mm != null, "no process %s", pid);
    return mm;
  }

  /**
   * The trace name of a failed operation's outcome: {@code retry} instead of {@code enomem} when
   * the frame source says the failed allocation must sleep and be repeated.
   */
  private String failureName(Outcome outcome) {
    return outcome == Outcome.ENOMEM && source.mustRetry() ? "retry" : outcome.traceName();
  }

  private static boolean rangeOk(long addr, long lengthBytes) {
    return lengthBytes > 0 && addr >= 0 && (addr & (Mman.PAGE_SIZE_BYTES - 1)) == 0;
  }

  private static long pageAlign(long bytes) {
    return (bytes + Mman.PAGE_SIZE_BYTES - 1) & ~(Mman.PAGE_SIZE_BYTES - 1);
  }

  private static String protName(int prot) {
    return switch (prot) {
      case Mman.PROT_NONE -> "none";
      case Mman.PROT_READ -> "r";
      case Mman.PROT_WRITE -> "w";
      case Mman.PROT_READ | Mman.PROT_WRITE -> "rw";
      default -> String.valueOf(prot);
    };
  }

  private static String adviceName(int advice) {
    return switch (advice) {
      case Mman.MADV_DONTFORK -> "MADV_DONTFORK";
      case Mman.MADV_DOFORK -> "MADV_DOFORK";
      case Mman.MADV_WIPEONFORK -> "MADV_WIPEONFORK";
      case Mman.MADV_KEEPONFORK -> "MADV_KEEPONFORK";
      default -> null;
    };
  }
}
