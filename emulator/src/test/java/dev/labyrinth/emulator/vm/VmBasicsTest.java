package dev.labyrinth.emulator.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableList;
import dev.labyrinth.emulator.mm.Gfp;
import dev.labyrinth.emulator.mm.PageAllocator;
import dev.labyrinth.emulator.mm.RecordingTracer;
import dev.labyrinth.emulator.mm.ZoneLayout;
import dev.labyrinth.emulator.mm.ZoneType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Faults, fork, page tables, madvise, exit and tracing, each beside its negative. */
class VmBasicsTest {

  @Test
  void readFaultMapsTheZeroPageAndAllocatesOnlyPageTables() {
    Harness h = new Harness();
    int pid = h.spawn();
    assertThat(h.frames.masks).containsExactly(VmGfp.PGTABLE_USER); // the PGD
    long mem = h.mmapPrivate(pid, 1);
    var r = h.read(pid, mem, 1);
    assertThat(r.outcome()).isEqualTo(Outcome.OK);
    assertThat(r.faults()).isEqualTo(1);
    assertThat(h.pfnAt(pid, mem)).isEqualTo(-1);
    // PUD, PMD and PTE tables, all GFP_KERNEL_ACCOUNT|__GFP_ZERO; no data page.
    assertThat(h.frames.masks).hasSize(4).allMatch(m -> m == (Gfp.GFP_KERNEL_ACCOUNT | Gfp.ZERO));
    assertThat(h.vm.pageTablePages()).isEqualTo(4);
    assertThat(h.vm.counter(VmCounter.ZERO_PAGE_MAPPED)).isEqualTo(1);
  }

  @Test
  void writeFaultAllocatesAZeroedExclusivePage() {
    Harness h = new Harness();
    int pid = h.spawn();
    long mem = h.mmapPrivate(pid, 1);
    h.write(pid, mem, 1);
    long pfn = h.pfnAt(pid, mem);
    assertThat(h.frames.masks.get(h.frames.masks.size() - 1))
        .isEqualTo(Gfp.GFP_HIGHUSER_MOVABLE | Gfp.ZERO | Gfp.COMP);
    assertThat(h.exclusive(pfn)).isTrue();
    assertThat(h.writableAt(pid, mem)).isTrue();
    assertThat(h.refcount(pfn)).isEqualTo(1);
    assertThat(h.mapcount(pfn)).isEqualTo(1);
    // A second write takes no fault.
    assertThat(h.write(pid, mem, 1).faults()).isZero();
  }

  @Test
  void writeAfterReadCopiesFromTheZeroPageWithAZeroedAllocation() {
    Harness h = new Harness();
    int pid = h.spawn();
    long mem = h.mmapPrivate(pid, 1);
    h.read(pid, mem, 1);
    h.write(pid, mem, 1);
    assertThat(h.frames.masks.get(h.frames.masks.size() - 1)).isEqualTo(VmGfp.ANON_ZEROED);
    assertThat(h.vm.counter(VmCounter.COW_COPY)).isEqualTo(1);
  }

  @Test
  void forkSharesReadOnlyAndClearsExclusive() {
    Harness h = new Harness();
    int parent = h.spawn();
    long mem = h.mmapPrivate(parent, 2);
    h.write(parent, mem, 2);
    long pfn = h.pfnAt(parent, mem);
    var fork = h.vm.fork(parent);
    h.vm.checkInvariants();
    assertThat(fork.pagesShared()).isEqualTo(2);
    assertThat(fork.pagesCopied()).isZero();
    assertThat(fork.pgtablesAllocated()).isEqualTo(4);
    assertThat(h.refcount(pfn)).isEqualTo(2);
    assertThat(h.mapcount(pfn)).isEqualTo(2);
    assertThat(h.exclusive(pfn)).isFalse();
    assertThat(h.writableAt(parent, mem)).isFalse();
    assertThat(h.writableAt(fork.childPid(), mem)).isFalse();
  }

  @Test
  void aPipeReferenceAloneDoesNotMakeForkCopy() {
    // FOLL_GET does not set MMF_HAS_PINNED and adds 1, far below GUP_PIN_COUNTING_BIAS.
    Harness h = new Harness();
    int parent = h.spawn();
    long mem = h.mmapPrivate(parent, 1);
    h.write(parent, mem, 1);
    h.pin(parent, mem, 1, PinKind.VMSPLICE);
    assertThat(h.vm.fork(parent).pagesCopied()).isZero();
  }

  @Test
  void dontforkIsAbsentAndWipeonforkIsEmptyInTheChild() {
    Harness h = new Harness();
    int parent = h.spawn();
    long dont = h.mmapPrivate(parent, 1);
    long wipe = h.mmapPrivate(parent, 1);
    h.write(parent, dont, 1);
    h.write(parent, wipe, 1);
    assertThat(h.vm.madvise(parent, dont, 4096, Mman.MADV_DONTFORK).outcome())
        .isEqualTo(Outcome.OK);
    assertThat(h.vm.madvise(parent, wipe, 4096, Mman.MADV_WIPEONFORK).outcome())
        .isEqualTo(Outcome.OK);
    int child = h.fork(parent);
    assertThat(h.read(child, dont, 1).outcome()).isEqualTo(Outcome.SIGSEGV);
    var r = h.read(child, wipe, 1);
    assertThat(r.outcome()).isEqualTo(Outcome.OK);
    assertThat(h.pfnAt(child, wipe)).isEqualTo(-1); // zero-filled on first touch
    assertThat(r.violations()).isEmpty();
    // The parent's pages stayed exclusive and writable.
    assertThat(h.writableAt(parent, dont)).isTrue();
    assertThat(h.writableAt(parent, wipe)).isTrue();
  }

  @Test
  void wipeonforkOnSharedMemoryIsEinval() {
    Harness h = new Harness();
    int pid = h.spawn();
    long shm = h.mmap(pid, 1, Mman.MAP_SHARED);
    assertThat(h.vm.madvise(pid, shm, 4096, Mman.MADV_WIPEONFORK).outcome())
        .isEqualTo(Outcome.EINVAL);
    assertThat(h.vm.madvise(pid, shm, 4096, 12345).outcome()).isEqualTo(Outcome.EINVAL);
  }

  @Test
  void sharedMemoryIsSeenByBothSidesOfAFork() {
    Harness h = new Harness();
    int parent = h.spawn();
    long shm = h.mmap(parent, 2, Mman.MAP_SHARED);
    h.write(parent, shm, 2);
    int child = h.fork(parent);
    h.write(child, shm, 1);
    assertThat(h.read(parent, shm, 2).violations()).isEmpty();
    assertThat(h.pfnAt(parent, shm)).isEqualTo(h.pfnAt(child, shm));
    h.exit(parent);
    h.exit(child);
    assertThat(h.frames.used()).isZero();
  }

  @Test
  void forkFailsCleanlyWhenAPageTableCannotBeAllocated() {
    Harness h = new Harness();
    int parent = h.spawn();
    long mem = h.mmapPrivate(parent, 1);
    h.write(parent, mem, 1);
    int used = h.frames.used();
    h.frames.budget = 2; // PGD and PUD, then the PMD fails
    var r = h.vm.fork(parent);
    h.vm.checkInvariants();
    assertThat(r.outcome()).isEqualTo(Outcome.ENOMEM);
    assertThat(r.childPid()).isZero();
    assertThat(r.failedGfpMask()).isEqualTo(VmGfp.PGTABLE_USER);
    assertThat(h.frames.used()).isEqualTo(used);
    assertThat(h.vm.pids()).containsExactly(parent);
    assertThat(h.vm.counter(VmCounter.FORK_ENOMEM)).isEqualTo(1);
    h.frames.budget = -1;
    assertThat(h.write(parent, mem, 1).violations()).isEmpty();
  }

  @Test
  void forkFailsCleanlyWhenTheEagerCopyCannotBeAllocated() {
    Harness h = new Harness();
    int parent = h.spawn();
    long mem = h.mmapPrivate(parent, 2);
    h.write(parent, mem, 2);
    h.pin(parent, mem + 4096, 1, PinKind.RW_LONGTERM);
    int used = h.frames.used();
    h.frames.budget = 4; // four tables, then the copy of the second page fails
    var r = h.vm.fork(parent);
    h.vm.checkInvariants();
    assertThat(r.outcome()).isEqualTo(Outcome.ENOMEM);
    assertThat(r.pagesShared()).isEqualTo(1);
    assertThat(r.failedGfpMask()).isEqualTo(VmGfp.ANON_COPY);
    assertThat(h.frames.used()).isEqualTo(used);
  }

  @Test
  void faultAllocationFailureIsOomNotAnException() {
    Harness h = new Harness();
    int pid = h.spawn();
    long mem = h.mmapPrivate(pid, 2);
    h.write(pid, mem, 1);
    h.frames.budget = 0;
    var r = h.write(pid, mem, 2);
    assertThat(r.outcome()).isEqualTo(Outcome.OOM);
    assertThat(r.failedAddress()).isEqualTo(mem + 4096);
    assertThat(r.failedGfpMask()).isEqualTo(VmGfp.ANON_ZEROED);
    assertThat(h.vm.counter(VmCounter.FAULT_OOM)).isEqualTo(1);
  }

  @Test
  void accessesOutsideMappingsOrAgainstProtectionAreSigsegv() {
    Harness h = new Harness();
    int pid = h.spawn();
    long mem = h.mmapPrivate(pid, 1);
    assertThat(h.vm.read(pid, mem - 4096, 1).outcome()).isEqualTo(Outcome.SIGSEGV);
    h.mprotect(pid, mem, 1, Mman.PROT_READ);
    assertThat(h.vm.write(pid, mem, 1).outcome()).isEqualTo(Outcome.SIGSEGV);
    assertThat(h.vm.pin(pid, mem, 1, PinKind.RW_LONGTERM).outcome()).isEqualTo(Outcome.EFAULT);
    assertThat(h.vm.read(pid, mem, 1).outcome()).isEqualTo(Outcome.OK);
    assertThatThrownBy(() -> h.vm.read(99, mem, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void munmapFreesPagesAndEmptyTablesButAPinnedPageOnlyAfterUnpin() {
    Harness h = new Harness();
    int pid = h.spawn();
    long mem = h.mmapPrivate(pid, 2);
    h.write(pid, mem, 2);
    int pin = h.pin(pid, mem, 1, PinKind.RO_LONGTERM);
    var r = h.vm.munmap(pid, mem, 2 * 4096);
    h.vm.checkInvariants();
    assertThat(r.pagesFreed()).isEqualTo(1);
    assertThat(r.pgtablesFreed()).isEqualTo(3);
    assertThat(h.frames.used()).isEqualTo(2); // PGD and the pinned page
    assertThat(h.vm.unpin(pin).pagesFreed()).isEqualTo(1);
    h.exit(pid);
    assertThat(h.frames.used()).isZero();
  }

  @Test
  void mmapIsTopDownAndMunmapOfPartOfAVmaSplitsIt() {
    Harness h = new Harness();
    int pid = h.spawn();
    long a = h.mmapPrivate(pid, 4);
    long b = h.mmapPrivate(pid, 1);
    assertThat(a).isEqualTo(AddressSpace.MMAP_BASE - 4 * 4096);
    assertThat(b).isEqualTo(a - 4096);
    h.write(pid, a, 4);
    h.munmap(pid, a + 4096, 2);
    assertThat(h.vm.read(pid, a + 4096, 1).outcome()).isEqualTo(Outcome.SIGSEGV);
    assertThat(h.read(pid, a, 1).violations()).isEmpty();
    assertThat(h.read(pid, a + 3 * 4096, 1).violations()).isEmpty();
    assertThat(h.vm.munmap(pid, a + 1, 4096).outcome()).isEqualTo(Outcome.EINVAL);
  }

  @Test
  void tracesFaultsForksPinsAndBleedsWithTheCallersPrefix() {
    RecordingTracer tracer = new RecordingTracer();
    Vm vm = new Vm(new FakeFrames(64), new VmOptions(true), tracer, () -> 5L,
        r -> r.put("cpu", 0).put("ctx", "task").put("comm", "t").put("pid", 7));
    int parent = vm.spawn().pid();
    long mem = vm.mmap(parent, 4096, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_PRIVATE).address();
    vm.write(parent, mem, 1);
    int child = vm.fork(parent).childPid();
    int pipe = vm.pin(child, mem, 1, PinKind.VMSPLICE).pinId();
    vm.munmap(child, mem, 4096);
    vm.write(parent, mem, 1);
    vm.readPin(pipe);
    vm.traceVmstat();
    String p = " cpu=0 ctx=task comm=t pid=7";
    // The records without their " @time".
    List<String> lines = tracer.lines.stream().map(l -> l.replaceFirst(" @\\d+", "")).toList();
    assertThat(lines).containsExactly(
        "vm_spawn" + p + " proc=1 outcome=ok",
        "vm_mmap" + p + " proc=1 address=0x7ffff7ffe000 length=4096 prot=rw flags=private"
            + " outcome=ok",
        "vm_fault" + p + " proc=1 address=0x7ffff7ffe000 kind=write outcome=new pfn=5",
        "vm_fork" + p + " parent=1 child=2 fork=1 outcome=ok shared=1 copied=0 pgtables=4",
        "vm_pin" + p + " proc=2 pin=1 kind=vmsplice address=0x7ffff7ffe000 pages=1 unshared=0"
            + " outcome=ok",
        "vm_munmap" + p + " proc=2 address=0x7ffff7ffe000 length=4096 outcome=ok pages_freed=0"
            + " pgtables_freed=3",
        "vm_fault" + p + " proc=1 address=0x7ffff7ffe000 kind=write outcome=reuse pfn=5",
        "vm_bleed" + p + " kind=leak reader=2 writer=1 address=0x7ffff7ffe000 pfn=5 via=pin 1"
            + " token=2 expected=1 fork=1 fork_parent=1 fork_child=2",
        "vm_vmstat" + p + " pgfault=2 pgreuse=1 zero_page_mapped=0 anon_new=1 cow_copy=0"
            + " cow_unshare=0 unshare_reuse=0 fork_shared=1 fork_copied=0 fork_enomem=0"
            + " nr_foll_pin_acquired=0 nr_foll_pin_released=0 fault_oom=0 bleed=1"
            + " nr_page_table_pages=5");
  }

  @Test
  void runsOverTheRealPageAllocator() {
    PageAllocator allocator = new PageAllocator(ZoneLayout.packed(ImmutableList.of(
        ZoneLayout.Sizes.of(ZoneType.DMA32, 4096))));
    PageAllocatorFrameSource source = new PageAllocatorFrameSource(allocator);
    long freeBefore = allocator.zones().get(0).freePages();
    Vm vm = new Vm(source);
    int parent = vm.spawn().pid();
    long mem = vm.mmap(parent, 8 * 4096, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_PRIVATE)
        .address();
    vm.write(parent, mem, 8 * 4096);
    int child = vm.fork(parent).childPid();
    vm.write(child, mem, 8 * 4096);
    assertThat(vm.read(parent, mem, 8 * 4096).violations()).isEmpty();
    vm.checkInvariants();
    allocator.checkInvariants();
    vm.exit(child);
    vm.exit(parent);
    vm.checkInvariants();
    assertThat(allocator.zones().get(0).freePages()).isEqualTo(freeBefore);
  }
}
