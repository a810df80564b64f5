package dev.labyrinth.emulator.machine;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableList;
import dev.labyrinth.emulator.mm.PageAllocator;
import dev.labyrinth.emulator.mm.ZoneLayout;
import dev.labyrinth.emulator.mm.ZoneType;
import dev.labyrinth.emulator.sim.RandomStream;
import dev.labyrinth.emulator.sim.RunResult;
import dev.labyrinth.emulator.sim.Simulation;
import dev.labyrinth.emulator.sim.Tracer;
import dev.labyrinth.emulator.vm.Mman;
import dev.labyrinth.emulator.vm.PinKind;
import dev.labyrinth.emulator.vm.Vm;
import dev.labyrinth.emulator.vm.VmOptions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Model-based: random fork/write/read/pin/mprotect/exit programs run through the machine (tasks
 * on two CPUs, frames through the page allocator port), with the machine's and the vm's
 * invariants checked after every event and the bleed checker required to stay silent. A failure
 * names the seed (and the simulation failure names the step and time).
 */
class ProcessModelTest {
  private static final int SEEDS = 100;
  private static final int PAGES = 4;

  @Test
  void randomProgramsKeepEveryInvariantAndNeverBleed() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      runSeed(seed);
    }
  }

  private static void runSeed(long seed) {
    Simulation sim = new Simulation(seed);
    PageAllocator allocator = new PageAllocator(ZoneLayout.packed(ImmutableList.of(
        ZoneLayout.Sizes.of(ZoneType.DMA32, 4096))), 2, Tracer.OFF, sim::nowNs);
    Machine m = new Machine(sim, Tracer.OFF, new PageAllocatorPort(allocator), 2);
    m.enableProcesses(VmOptions.DEFAULTS, 4096);
    RandomStream random = sim.randoms().stream("process-model");
    m.addTask("parent", 0, program(random, true, "p"), 0);
    sim.addInvariantCheck("machine", m::checkInvariants);
    sim.addInvariantCheck("vm", () -> {
      Vm vm = m.processes().vmIfStarted();
      if (vm != null) {
        vm.checkInvariants();
      }
    });
    sim.setInvariantsEnabled(true);
    m.start();
    RunResult r = sim.run(1_000_000_000L, 1_000_000);
    Vm vm = m.processes().vmIfStarted();
    assertThat(vm).as("seed %s", seed).isNotNull();
    assertThat(vm.violations()).as("seed %s: bleed checker (stopped %s)", seed, r.reason())
        .isEmpty();
    assertThat(vm.pids()).as("seed %s: every process exited", seed).isEmpty();
  }

  private static ImmutableList<Step> program(RandomStream random, boolean parent, String tag) {
    List<Step> steps = new ArrayList<>();
    if (parent) {
      steps.add(op(new ProcessOp.Mmap("a", PAGES * Mman.PAGE_SIZE_BYTES,
          Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_PRIVATE)));
      steps.add(op(new ProcessOp.Mmap("s", Mman.PAGE_SIZE_BYTES,
          Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_SHARED)));
    }
    List<String> pins = new ArrayList<>();
    int forks = 0;
    for (int i = 0; i < 12; i++) {
      int page = random.nextInt(PAGES);
      ProcessOp.Range one = new ProcessOp.Range("a", page * Mman.PAGE_SIZE_BYTES,
          Mman.PAGE_SIZE_BYTES);
      switch (random.nextInt(parent ? 9 : 8)) {
        case 0, 1 -> steps.add(op(new ProcessOp.Access(ProcessOp.AccessKind.WRITE, one)));
        case 2 -> steps.add(op(new ProcessOp.Access(ProcessOp.AccessKind.READ, one)));
        case 3 -> steps.add(op(new ProcessOp.Access(ProcessOp.AccessKind.WRITE,
            new ProcessOp.Range("s", 0, ProcessOp.Range.WHOLE))));
        case 4 -> {
          String name = tag + "pin" + i;
          PinKind kind = PinKind.values()[random.nextInt(PinKind.values().length)];
          steps.add(op(new ProcessOp.Pin(one, kind, name)));
          pins.add(name);
        }
        case 5 -> {
          if (!pins.isEmpty()) {
            steps.add(op(new ProcessOp.ReadPin(pins.get(random.nextInt(pins.size())))));
          }
        }
        case 6 -> steps.add(op(new ProcessOp.Mprotect(one,
            random.nextInt(2) == 0 ? Mman.PROT_READ : Mman.PROT_READ | Mman.PROT_WRITE)));
        case 7 -> steps.add(new Step.Compute(random.nextLong(5_000)));
        default -> {
          if (forks++ < 3) {
            steps.add(op(new ProcessOp.Fork(random.nextInt(2),
                program(random, false, tag + "c" + i))));
          }
        }
      }
    }
    for (String pin : pins) {
      steps.add(op(new ProcessOp.ReadPin(pin)));
      steps.add(op(new ProcessOp.Unpin(pin)));
    }
    steps.add(op(new ProcessOp.Exit()));
    return ImmutableList.copyOf(steps);
  }

  private static Step op(ProcessOp op) {
    return new Step.Process(op);
  }
}
