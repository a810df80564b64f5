package dev.labyrinth.emulator.vm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labyrinth.emulator.vm.Results.AccessResult;

/** A vm over {@link FakeFrames} whose every step is followed by {@code checkInvariants()}. */
final class Harness {
  final FakeFrames frames;
  final Vm vm;

  Harness(int frames, boolean cowBug) {
    this.frames = new FakeFrames(frames);
    this.vm = new Vm(this.frames, new VmOptions(cowBug), dev.labyrinth.emulator.sim.Tracer.OFF,
        () -> 0L, TraceContext.NONE);
  }

  Harness() {
    this(4096, false);
  }

  int spawn() {
    var r = vm.spawn();
    assertThat(r.outcome()).isEqualTo(Outcome.OK);
    vm.checkInvariants();
    return r.pid();
  }

  long mmap(int pid, int pages, int flags) {
    var r = vm.mmap(pid, pages * Mman.PAGE_SIZE_BYTES, Mman.PROT_READ | Mman.PROT_WRITE, flags);
    assertThat(r.outcome()).isEqualTo(Outcome.OK);
    vm.checkInvariants();
    return r.address();
  }

  long mmapPrivate(int pid, int pages) {
    return mmap(pid, pages, Mman.MAP_PRIVATE);
  }

  AccessResult write(int pid, long addr, int pages) {
    AccessResult r = vm.write(pid, addr, pages * Mman.PAGE_SIZE_BYTES);
    vm.checkInvariants();
    return r;
  }

  AccessResult read(int pid, long addr, int pages) {
    AccessResult r = vm.read(pid, addr, pages * Mman.PAGE_SIZE_BYTES);
    vm.checkInvariants();
    return r;
  }

  int fork(int pid) {
    var r = vm.fork(pid);
    vm.checkInvariants();
    assertThat(r.outcome()).isEqualTo(Outcome.OK);
    return r.childPid();
  }

  int pin(int pid, long addr, int pages, PinKind kind) {
    var r = vm.pin(pid, addr, pages * Mman.PAGE_SIZE_BYTES, kind);
    vm.checkInvariants();
    assertThat(r.outcome()).isEqualTo(Outcome.OK);
    return r.pinId();
  }

  AccessResult readPin(int pin) {
    AccessResult r = vm.readPin(pin);
    vm.checkInvariants();
    return r;
  }

  void munmap(int pid, long addr, int pages) {
    assertThat(vm.munmap(pid, addr, pages * Mman.PAGE_SIZE_BYTES).outcome())
        .isEqualTo(Outcome.OK);
    vm.checkInvariants();
  }

  void mprotect(int pid, long addr, int pages, int prot) {
    assertThat(vm.mprotect(pid, addr, pages * Mman.PAGE_SIZE_BYTES, prot).outcome())
        .isEqualTo(Outcome.OK);
    vm.checkInvariants();
  }

  void exit(int pid) {
    vm.exit(pid);
    vm.checkInvariants();
  }

  /** The frame mapped at {@code addr} in {@code pid}, -1 for the zero page, 0 if none. */
  long pfnAt(int pid, long addr) {
    long pte = vm.mm(pid).tables.get(addr >>> 12);
    return pte == 0 ? 0 : Pte.zero(pte) ? -1 : Pte.pfn(pte);
  }

  boolean writableAt(int pid, long addr) {
    return Pte.writable(vm.mm(pid).tables.get(addr >>> 12));
  }

  int refcount(long pfn) {
    return vm.frames.refcount[(int) pfn];
  }

  int mapcount(long pfn) {
    return vm.frames.mapcount[(int) pfn];
  }

  boolean exclusive(long pfn) {
    return vm.frames.has((int) pfn, Frames.ANON_EXCLUSIVE);
  }
}
