package dev.labyrinth.emulator.vm;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded random fork/write/read/pin/unpin/mprotect/madvise/munmap/exit sequences, with
 * {@code checkInvariants()} and a silent bleed checker after every step. The frame pool is small
 * so faults and forks also run out of memory. A failure names its seed and step.
 */
class VmModelTest {
  private static final int SEEDS = 240;
  private static final int STEPS = 150;

  @Test
  void invariantsHoldAndNothingBleedsOnLinux618() {
    long leaks = 0;
    for (long seed = 0; seed < SEEDS; seed++) {
      leaks += run(seed, false);
    }
    assertThat(leaks).isZero();
  }

  @Test
  void theBugSwitchLeaksOnSomeSeeds() {
    long leaks = 0;
    for (long seed = 0; seed < SEEDS; seed++) {
      leaks += run(seed, true);
    }
    assertThat(leaks).isPositive();
  }

  /** Runs one seed; returns the violations found (asserted zero on Linux 6.18). */
  private static long run(long seed, boolean cowBug) {
    SplittableRandom rnd = new SplittableRandom(seed);
    FakeFrames frames = new FakeFrames(60 + rnd.nextInt(200));
    Vm vm = new Vm(frames, new VmOptions(cowBug), dev.labyrinth.emulator.sim.Tracer.OFF, () -> 0L,
        TraceContext.NONE);
    List<String> log = new ArrayList<>();
    vm.spawn();
    for (int step = 0; step < STEPS; step++) {
      String op;
      try {
        op = step(vm, rnd);
        log.add(op);
        vm.checkInvariants();
      } catch (RuntimeException | AssertionError e) {
        throw new AssertionError("seed " + seed + " step " + step + " (bug " + cowBug + ")\n"
            + String.join("\n", log.subList(Math.max(0, log.size() - 12), log.size())), e);
      }
      if (!cowBug && !vm.violations().isEmpty()) {
        throw new AssertionError("seed " + seed + " step " + step + ": " + vm.violations()
            + "\n" + String.join("\n", log.subList(Math.max(0, log.size() - 12), log.size())));
      }
    }
    for (int pin : vm.pinIds()) {
      vm.unpin(pin);
    }
    for (int pid : vm.pids()) {
      vm.exit(pid);
    }
    vm.checkInvariants();
    assertThat(frames.used()).as("seed %s: frames leaked", seed).isZero();
    return vm.violations().size();
  }

  private static String step(Vm vm, SplittableRandom rnd) {
    ImmutableList<Integer> pids = vm.pids().asList();
    if (pids.isEmpty()) {
      return "spawn " + vm.spawn();
    }
    int pid = pids.get(rnd.nextInt(pids.size()));
    AddressSpace mm = vm.mm(pid);
    List<Vma> vmas = new ArrayList<>(mm.vmas.values());
    int choice = rnd.nextInt(100);
    if (vmas.isEmpty() || choice < 8) {
      int pages = 1 + rnd.nextInt(6);
      int flags = rnd.nextInt(5) == 0 ? Mman.MAP_SHARED : Mman.MAP_PRIVATE;
      return "mmap " + pid + " " + pages + " " + flags + " -> "
          + vm.mmap(pid, pages * Mman.PAGE_SIZE_BYTES, Mman.PROT_READ | Mman.PROT_WRITE, flags);
    }
    Vma v = vmas.get(rnd.nextInt(vmas.size()));
    long pages = (v.end - v.start) >>> 12;
    long first = rnd.nextLong(pages);
    long count = 1 + rnd.nextLong(pages - first);
    long addr = v.start + (first << 12);
    long len = count << 12;
    String where = " " + pid + " 0x" + Long.toHexString(addr) + "+" + count;
    if (choice < 35) {
      return "write" + where + " -> " + vm.write(pid, addr, len);
    }
    if (choice < 55) {
      return "read" + where + " -> " + vm.read(pid, addr, len);
    }
    if (choice < 63) {
      return "fork " + pid + " -> " + vm.fork(pid);
    }
    if (choice < 70) {
      PinKind kind = PinKind.values()[rnd.nextInt(PinKind.values().length)];
      return "pin" + where + " " + kind + " -> " + vm.pin(pid, addr, len, kind);
    }
    if (choice < 76) {
      ImmutableList<Integer> ids = vm.pinIds().asList();
      if (ids.isEmpty()) {
        return "no pin";
      }
      int id = ids.get(rnd.nextInt(ids.size()));
      if (rnd.nextBoolean()) {
        return "readPin " + id + " -> " + vm.readPin(id);
      }
      return "unpin " + id + " -> " + vm.unpin(id);
    }
    if (choice < 83) {
      int prot = rnd.nextInt(3) == 0 ? Mman.PROT_READ : Mman.PROT_READ | Mman.PROT_WRITE;
      return "mprotect" + where + " " + prot + " -> " + vm.mprotect(pid, addr, len, prot);
    }
    if (choice < 87) {
      int[] advice = {Mman.MADV_DONTFORK, Mman.MADV_DOFORK, Mman.MADV_WIPEONFORK,
          Mman.MADV_KEEPONFORK};
      int a = advice[rnd.nextInt(advice.length)];
      return "madvise" + where + " " + a + " -> " + vm.madvise(pid, addr, len, a);
    }
    if (choice < 90) {
      return "clear_refs " + pid + " -> " + vm.clearSoftDirty(pid);
    }
    if (choice < 95) {
      return "munmap" + where + " -> " + vm.munmap(pid, addr, len);
    }
    return "exit " + pid + " -> " + vm.exit(pid);
  }
}
