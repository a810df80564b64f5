package dev.labyrinth.emulator.vm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labyrinth.emulator.vm.Results.AccessResult;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Linux's tools/testing/selftests/mm/cow.c anonymous cases "with base page" (linux-mm.md section
 * 10.2), ported step by step: memory is populated (memset 1 = a write), the child and parent act
 * in the test's order, and the expected outcome is that the bleed checker stays silent. Each case
 * also runs with {@link VmOptions#cowBug()} where that shows the checker would catch the failure.
 */
class CowSuiteTest {
  private static final int PAGES = 1;

  @Nested
  @DisplayName("A1 Basic COW after fork()")
  class BasicCow {
    @Test
    void childStillReadsOldContents() {
      Harness h = new Harness();
      int parent = h.spawn();
      long mem = h.mmapPrivate(parent, PAGES);
      h.write(parent, mem, PAGES);
      int child = h.fork(parent);
      h.write(parent, mem, PAGES); // memset 0xff
      AccessResult r = h.read(child, mem, PAGES);
      assertThat(r.violations()).isEmpty();
      assertThat(h.pfnAt(child, mem)).isNotEqualTo(h.pfnAt(parent, mem));
      assertThat(h.vm.counter(VmCounter.COW_COPY)).isEqualTo(1);
      assertThat(h.vm.violations()).isEmpty();
    }

    @Test
    void secondWriterReusesTheOldPageWithoutCopy() {
      Harness h = new Harness();
      int parent = h.spawn();
      long mem = h.mmapPrivate(parent, PAGES);
      h.write(parent, mem, PAGES);
      long original = h.pfnAt(parent, mem);
      int child = h.fork(parent);
      h.write(parent, mem, PAGES);
      h.write(child, mem, PAGES);
      assertThat(h.pfnAt(child, mem)).isEqualTo(original);
      assertThat(h.exclusive(original)).isTrue();
      assertThat(h.vm.counter(VmCounter.COW_COPY)).isEqualTo(1);
      assertThat(h.vm.counter(VmCounter.PGREUSE)).isEqualTo(1);
      assertThat(h.read(parent, mem, PAGES).violations()).isEmpty();
      assertThat(h.read(child, mem, PAGES).violations()).isEmpty();
    }
  }

  @Test
  @DisplayName("A2 Basic COW after fork() with mprotect() optimization")
  void basicCowWithMprotectOptimization() {
    Harness h = new Harness();
    int parent = h.spawn();
    long mem = h.mmapPrivate(parent, PAGES);
    h.write(parent, mem, PAGES);
    int child = h.fork(parent);
    h.mprotect(parent, mem, PAGES, Mman.PROT_READ);
    h.mprotect(parent, mem, PAGES, Mman.PROT_READ | Mman.PROT_WRITE);
    // mprotect must not map the shared anonymous page writable.
    assertThat(h.writableAt(parent, mem)).isFalse();
    h.write(parent, mem, PAGES);
    assertThat(h.read(child, mem, PAGES).violations()).isEmpty();
    assertThat(h.vm.violations()).isEmpty();
  }

  @Test
  void mprotectOptimizationDoesMakeAnExclusivePageWritable() {
    Harness h = new Harness();
    int pid = h.spawn();
    long mem = h.mmapPrivate(pid, PAGES);
    h.write(pid, mem, PAGES);
    h.mprotect(pid, mem, PAGES, Mman.PROT_READ);
    assertThat(h.writableAt(pid, mem)).isFalse();
    h.mprotect(pid, mem, PAGES, Mman.PROT_READ | Mman.PROT_WRITE);
    assertThat(h.writableAt(pid, mem)).isTrue();
  }

  /** A3 (CVE-2020-29374): returns the violations the child's pipe read found. */
  private static AccessResult vmspliceAndUnmapInChild(Harness h, boolean mprotect) {
    int parent = h.spawn();
    long mem = h.mmapPrivate(parent, PAGES);
    h.write(parent, mem, PAGES);
    int child = h.fork(parent);
    int pipe = h.pin(child, mem, PAGES, PinKind.VMSPLICE);
    h.munmap(child, mem, PAGES);
    if (mprotect) {
      h.mprotect(parent, mem, PAGES, Mman.PROT_READ);
      h.mprotect(parent, mem, PAGES, Mman.PROT_READ | Mman.PROT_WRITE);
    }
    h.write(parent, mem, PAGES);
    return h.readPin(pipe);
  }

  @Test
  @DisplayName("A3 vmsplice() + unmap in child")
  void vmspliceUnmapInChild() {
    Harness h = new Harness();
    assertThat(vmspliceAndUnmapInChild(h, false).violations()).isEmpty();
    assertThat(h.vm.counter(VmCounter.COW_COPY)).isEqualTo(1);
    assertThat(h.vm.counter(VmCounter.PGREUSE)).isZero();
  }

  @Test
  @DisplayName("A4 vmsplice() + unmap in child with mprotect() optimization")
  void vmspliceUnmapInChildWithMprotect() {
    Harness h = new Harness();
    assertThat(vmspliceAndUnmapInChild(h, true).violations()).isEmpty();
  }

  @Test
  @DisplayName("CVE-2020-29374 with kernel.cow_bug: the parent's write leaks into the child's pipe")
  void cve202029374IsCaughtWithTheBugSwitchOn() {
    Harness h = new Harness(4096, true);
    AccessResult r = vmspliceAndUnmapInChild(h, false);
    assertThat(r.violations()).hasSize(1);
    BleedViolation v = r.violations().get(0);
    assertThat(v.kind()).isEqualTo("leak");
    assertThat(v.readerPid()).isEqualTo(2);
    assertThat(v.writerPid()).isEqualTo(1);
    assertThat(v.via()).isEqualTo("pin 1");
    assertThat(v.forkId()).isEqualTo(1);
    assertThat(v.forkParentPid()).isEqualTo(1);
    assertThat(v.forkChildPid()).isEqualTo(2);
    assertThat(v.address()).isEqualTo(AddressSpace.MMAP_BASE - Mman.PAGE_SIZE_BYTES);
    assertThat(h.vm.violations()).containsExactly(v);
    assertThat(h.vm.counter(VmCounter.BLEED)).isEqualTo(1);
    // The buggy kernel reused the page in place: no copy.
    assertThat(h.vm.counter(VmCounter.COW_COPY)).isZero();
  }

  @Test
  @DisplayName("A5 vmsplice() before fork(), unmap in parent after fork()")
  void vmspliceBeforeForkUnmapInParent() {
    Harness h = new Harness();
    int parent = h.spawn();
    long mem = h.mmapPrivate(parent, PAGES);
    h.write(parent, mem, PAGES);
    int pipe = h.pin(parent, mem, PAGES, PinKind.VMSPLICE);
    int child = h.fork(parent);
    h.munmap(parent, mem, PAGES);
    h.write(child, mem, PAGES);
    h.exit(child);
    assertThat(h.readPin(pipe).violations()).isEmpty();
    assertThat(h.vm.violations()).isEmpty();
  }

  @Test
  void vmspliceBeforeForkLeaksFromChildWithTheBug() {
    Harness h = new Harness(4096, true);
    int parent = h.spawn();
    long mem = h.mmapPrivate(parent, PAGES);
    h.write(parent, mem, PAGES);
    int pipe = h.pin(parent, mem, PAGES, PinKind.VMSPLICE);
    int child = h.fork(parent);
    h.munmap(parent, mem, PAGES);
    h.write(child, mem, PAGES);
    AccessResult r = h.readPin(pipe);
    assertThat(r.violations()).singleElement().satisfies(v -> {
      assertThat(v.kind()).isEqualTo("leak");
      assertThat(v.readerPid()).isEqualTo(parent);
      assertThat(v.writerPid()).isEqualTo(child);
    });
  }

  @Test
  @DisplayName("A6 vmsplice() + unmap in parent after fork()")
  void vmspliceAfterForkUnmapInParent() {
    Harness h = new Harness();
    int parent = h.spawn();
    long mem = h.mmapPrivate(parent, PAGES);
    h.write(parent, mem, PAGES);
    int child = h.fork(parent);
    int pipe = h.pin(parent, mem, PAGES, PinKind.VMSPLICE);
    h.munmap(parent, mem, PAGES);
    h.write(child, mem, PAGES);
    assertThat(h.readPin(pipe).violations()).isEmpty();
  }

  @Test
  @DisplayName("A7 R/O-mapping a page registered as iouring fixed buffer")
  void roMappingAnIouringFixedBuffer() {
    Harness h = new Harness();
    int pid = h.spawn();
    long mem = h.mmapPrivate(pid, PAGES);
    h.write(pid, mem, PAGES);
    int buf = h.pin(pid, mem, PAGES, PinKind.RW_LONGTERM);
    long pinned = h.pfnAt(pid, mem);
    h.mprotect(pid, mem, PAGES, Mman.PROT_READ);
    h.vm.clearSoftDirty(pid);
    h.mprotect(pid, mem, PAGES, Mman.PROT_READ | Mman.PROT_WRITE);
    assertThat(h.writableAt(pid, mem)).isFalse(); // soft-dirty tracking keeps it R/O
    h.write(pid, mem, PAGES);
    assertThat(h.pfnAt(pid, mem)).isEqualTo(pinned); // reused, not copied
    assertThat(h.readPin(buf).violations()).isEmpty();
  }

  @Test
  @DisplayName("A8 fork() with an iouring fixed buffer")
  void forkWithAnIouringFixedBuffer() {
    Harness h = new Harness();
    int parent = h.spawn();
    long mem = h.mmapPrivate(parent, PAGES);
    h.write(parent, mem, PAGES);
    int buf = h.pin(parent, mem, PAGES, PinKind.RW_LONGTERM);
    long pinned = h.pfnAt(parent, mem);
    var fork = h.vm.fork(parent);
    h.vm.checkInvariants();
    int child = fork.childPid();
    // The pinned page is not shared: the child got an eager copy, the parent keeps a R/W PTE.
    assertThat(fork.pagesCopied()).isEqualTo(1);
    assertThat(fork.pagesShared()).isZero();
    assertThat(h.pfnAt(child, mem)).isNotEqualTo(pinned);
    assertThat(h.writableAt(parent, mem)).isTrue();
    assertThat(h.exclusive(pinned)).isTrue();
    h.write(parent, mem, PAGES);
    assertThat(h.readPin(buf).violations()).isEmpty();
    assertThat(h.read(child, mem, PAGES).violations()).isEmpty();
    assertThat(h.vm.counter(VmCounter.FORK_COPIED)).isEqualTo(1);
  }

  @Test
  void forkWithAnIouringFixedBufferIsUnreliableWithTheBug() {
    Harness h = new Harness(4096, true);
    int parent = h.spawn();
    long mem = h.mmapPrivate(parent, PAGES);
    h.write(parent, mem, PAGES);
    int buf = h.pin(parent, mem, PAGES, PinKind.RW_LONGTERM);
    h.fork(parent);
    h.write(parent, mem, PAGES);
    assertThat(h.readPin(buf).violations()).singleElement()
        .satisfies(v -> assertThat(v.kind()).isEqualTo("pin_unreliable"));
  }

  @Test
  @DisplayName("A9 R/O GUP pin on R/O-mapped shared page")
  void roPinOnRoMappedSharedPage() {
    Harness h = new Harness();
    int parent = h.spawn();
    long mem = h.mmapPrivate(parent, PAGES);
    h.write(parent, mem, PAGES);
    long shared = h.pfnAt(parent, mem);
    int child = h.fork(parent);
    var pin = h.vm.pin(parent, mem, PAGES * Mman.PAGE_SIZE_BYTES, PinKind.RO_LONGTERM);
    h.vm.checkInvariants();
    assertThat(pin.unshared()).isEqualTo(1);
    long pinned = h.pfnAt(parent, mem);
    assertThat(pinned).isNotEqualTo(shared);
    assertThat(h.exclusive(pinned)).isTrue();
    assertThat(h.writableAt(parent, mem)).isFalse(); // the unshare leaves the PTE R/O
    h.write(parent, mem, PAGES);
    assertThat(h.pfnAt(parent, mem)).isEqualTo(pinned);
    assertThat(h.readPin(pin.pinId()).violations()).isEmpty();
    assertThat(h.read(child, mem, PAGES).violations()).isEmpty();
    assertThat(h.vm.counter(VmCounter.COW_UNSHARE)).isEqualTo(1);
  }

  @Test
  void roPinOnSharedPageIsUnreliableWithoutUnshare() {
    Harness h = new Harness(4096, true);
    int parent = h.spawn();
    long mem = h.mmapPrivate(parent, PAGES);
    h.write(parent, mem, PAGES);
    h.fork(parent);
    int pin = h.pin(parent, mem, PAGES, PinKind.RO_LONGTERM);
    h.write(parent, mem, PAGES);
    assertThat(h.readPin(pin).violations()).singleElement()
        .satisfies(v -> assertThat(v.kind()).isEqualTo("pin_unreliable"));
  }

  @Test
  @DisplayName("A11 R/O GUP pin on R/O-mapped previously-shared page")
  void roPinOnPreviouslySharedPage() {
    Harness h = new Harness();
    int parent = h.spawn();
    long mem = h.mmapPrivate(parent, PAGES);
    h.write(parent, mem, PAGES);
    long page = h.pfnAt(parent, mem);
    int child = h.fork(parent);
    h.exit(child);
    assertThat(h.exclusive(page)).isFalse();
    int pin = h.pin(parent, mem, PAGES, PinKind.RO_LONGTERM);
    assertThat(h.pfnAt(parent, mem)).isEqualTo(page); // unshare reused it: refcount was 1
    assertThat(h.vm.counter(VmCounter.UNSHARE_REUSE)).isEqualTo(1);
    h.write(parent, mem, PAGES);
    assertThat(h.readPin(pin).violations()).isEmpty();
  }

  @Test
  @DisplayName("A13 R/O GUP pin on R/O-mapped exclusive page")
  void roPinOnRoMappedExclusivePage() {
    Harness h = new Harness();
    int pid = h.spawn();
    long mem = h.mmapPrivate(pid, PAGES);
    h.write(pid, mem, PAGES);
    long page = h.pfnAt(pid, mem);
    h.mprotect(pid, mem, PAGES, Mman.PROT_READ);
    h.vm.clearSoftDirty(pid);
    h.mprotect(pid, mem, PAGES, Mman.PROT_READ | Mman.PROT_WRITE);
    assertThat(h.writableAt(pid, mem)).isFalse();
    var pin = h.vm.pin(pid, mem, PAGES * Mman.PAGE_SIZE_BYTES, PinKind.RO_LONGTERM);
    h.vm.checkInvariants();
    assertThat(pin.unshared()).isZero(); // exclusive: no unshare needed
    h.write(pid, mem, PAGES);
    assertThat(h.pfnAt(pid, mem)).isEqualTo(page); // the write fault reused it
    assertThat(h.vm.counter(VmCounter.PGREUSE)).isEqualTo(1);
    assertThat(h.readPin(pin.pinId()).violations()).isEmpty();
  }

  @Test
  @DisplayName("Non-anon: R/O longterm GUP pin with shared zeropage")
  void roLongtermPinOnTheZeroPage() {
    Harness h = new Harness();
    int pid = h.spawn();
    long mem = h.mmapPrivate(pid, PAGES);
    h.read(pid, mem, PAGES);
    assertThat(h.pfnAt(pid, mem)).isEqualTo(-1);
    var pin = h.vm.pin(pid, mem, PAGES * Mman.PAGE_SIZE_BYTES, PinKind.RO_LONGTERM);
    assertThat(pin.unshared()).isEqualTo(1);
    assertThat(h.pfnAt(pid, mem)).isPositive();
    h.write(pid, mem, PAGES);
    assertThat(h.readPin(pin.pinId()).violations()).isEmpty();
  }

  @Test
  @DisplayName("Non-anon: Basic COW with shared zeropage")
  void basicCowOfTheZeroPage() {
    Harness h = new Harness();
    int pid = h.spawn();
    long mem = h.mmapPrivate(pid, PAGES);
    long smem = h.mmap(pid, PAGES, Mman.MAP_PRIVATE);
    h.mprotect(pid, smem, PAGES, Mman.PROT_READ);
    h.read(pid, mem, PAGES);
    h.read(pid, smem, PAGES);
    h.write(pid, mem, PAGES);
    assertThat(h.pfnAt(pid, smem)).isEqualTo(-1);
    assertThat(h.read(pid, smem, PAGES).violations()).isEmpty();
  }
}
