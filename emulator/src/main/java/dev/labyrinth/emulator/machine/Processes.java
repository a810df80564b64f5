package dev.labyrinth.emulator.machine;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import dev.labyrinth.emulator.mm.ExecContext;
import dev.labyrinth.emulator.sim.Tracer;
import dev.labyrinth.emulator.vm.Mman;
import dev.labyrinth.emulator.vm.Outcome;
import dev.labyrinth.emulator.vm.Results.AccessResult;
import dev.labyrinth.emulator.vm.Results.ChangeResult;
import dev.labyrinth.emulator.vm.Results.ForkResult;
import dev.labyrinth.emulator.vm.Results.MmapResult;
import dev.labyrinth.emulator.vm.Results.PinResult;
import dev.labyrinth.emulator.vm.Vm;
import dev.labyrinth.emulator.vm.VmOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Runs tasks' {@link ProcessOp}s against the run's one {@link Vm}: a task is a process, and its
 * pid is the machine's task pid (the vm takes pids from the machine; nothing is mapped). The vm
 * is created at the first process step, so runs without processes pay nothing for it.
 *
 * <p>Each task's process keeps its buffer names (inherited by a fork child, whose address space is
 * a copy); pin names and events belong to the run, as a pipe both sides of a fork hold does.
 * Every vm call is made as the task, on its CPU: frames come through {@link PortFrameSource} and
 * vm records get the task's context prefix.
 *
 * <p>Failures: an access outside any VMA or against its protection kills the process as SIGSEGV
 * would ({@code vm_sigsegv}, then exit); an allocation that must wait for reclaim puts the task in
 * state D and repeats the operation (an access resumes at the page that failed); one that fails
 * for good ends the operation and the program goes on (Simplification: Linux would run the OOM
 * killer and retry the fault).
 */
public final class Processes {

  /** What the CPU must do after a process step. */
  enum Next { RUN, BLOCK, SLEEP, EXIT }

  /** @param ns compute time for RUN, block time for BLOCK */
  record Effect(Next next, long ns) {
    static final Effect NOTHING = new Effect(Next.RUN, 0);
    static final Effect SLEEP = new Effect(Next.SLEEP, 0);
    static final Effect EXIT = new Effect(Next.EXIT, 0);

    static Effect run(long ns) {
      return new Effect(Next.RUN, ns);
    }
  }

  private final Machine machine;
  private final VmOptions options;
  private final PortFrameSource source;
  private Vm vm;
  private Cpu callingCpu;
  private final TreeMap<Integer, Process> byPid = new TreeMap<>();
  private final TreeMap<String, Integer> pins = new TreeMap<>();
  private final TreeSet<String> events = new TreeSet<>();
  private final TreeMap<String, List<Task>> waiters = new TreeMap<>();

  Processes(Machine machine, VmOptions options, long endPfn) {
    this.machine = machine;
    this.options = checkNotNull(options);
    this.source = new PortFrameSource(machine.port, endPfn);
  }

  /** The run's vm, or null when no task has run a process step yet. */
  public Vm vmIfStarted() {
    return vm;
  }

  private Vm vm() {
    if (vm == null) {
      vm = new Vm(source, options, machine.tracer, machine.sim::nowNs, this::writePrefix);
    }
    return vm;
  }

  private void writePrefix(Tracer.Record r) {
    if (callingCpu != null) {
      Task t = callingCpu.currentTask();
      r.put("cpu", callingCpu.id()).put("ctx", ExecContext.TASK.traceName()).put("comm", t.comm)
          .put("pid", t.pid);
    }
  }

  /** Runs {@code op} for {@code task}, the current task of {@code cpu}. */
  Effect run(Cpu cpu, Task task, ProcessOp op) {
    callingCpu = cpu;
    source.caller = cpu.caller(ExecContext.TASK);
    try {
      return dispatch(cpu, task, op);
    } finally {
      callingCpu = null;
      source.caller = Caller.NONE;
    }
  }

  /** The task ended: its process, if it still has one, exits ({@code do_exit()}). */
  void taskExited(Cpu cpu, Task task) {
    if (!byPid.containsKey(task.pid)) {
      return;
    }
    callingCpu = cpu;
    source.caller = cpu.caller(ExecContext.TASK);
    try {
      exit(task);
    } finally {
      callingCpu = null;
      source.caller = Caller.NONE;
    }
  }

  private Effect dispatch(Cpu cpu, Task task, ProcessOp op) {
    if (op instanceof ProcessOp.Signal s) {
      return signal(cpu, s.event());
    } else if (op instanceof ProcessOp.WaitFor w) {
      return waitFor(task, w.event());
    } else if (op instanceof ProcessOp.Exit) {
      exit(task);
      return Effect.EXIT;
    } else if (op instanceof ProcessOp.ReadPin rp) {
      Integer id = pins.get(rp.name());
      if (id == null) {
        return Effect.NOTHING; // the pin failed or was dropped: nothing to read
      }
      AccessResult r = vm().readPin(id);
      return Effect.run(ProcessCosts.SYSCALL_NS + r.faults() * ProcessCosts.FAULT_NS);
    } else if (op instanceof ProcessOp.Unpin u) {
      Integer id = pins.remove(u.name());
      if (id != null) {
        vm().unpin(id);
      }
      return Effect.run(ProcessCosts.SYSCALL_NS);
    }
    Process p = byPid.get(task.pid);
    if (p == null) {
      Outcome spawned = vm().spawn(task.pid).outcome();
      if (spawned != Outcome.OK) {
        return source.mustRetry() ? block() : Effect.run(ProcessCosts.SYSCALL_NS);
      }
      p = new Process(task.pid, new TreeMap<>());
      byPid.put(task.pid, p);
    }
    if (op instanceof ProcessOp.Mmap m) {
      MmapResult r = vm().mmap(p.pid, m.lengthBytes(), m.prot(), m.flags());
      if (r.outcome() == Outcome.OK) {
        p.buffers.put(m.name(), new long[] {r.address(), m.lengthBytes()});
      }
      return Effect.run(ProcessCosts.SYSCALL_NS);
    } else if (op instanceof ProcessOp.Fork f) {
      return fork(cpu, task, p, f);
    } else if (op instanceof ProcessOp.ClearRefs) {
      vm().clearSoftDirty(p.pid);
      return Effect.run(ProcessCosts.SYSCALL_NS);
    }
    long[] range = resolve(p, rangeOf(op));
    if (range == null) {
      return Effect.NOTHING; // a name this process never mapped (its mmap failed)
    }
    if (op instanceof ProcessOp.Access a) {
      return access(task, p, a, range);
    } else if (op instanceof ProcessOp.Pin pin) {
      PinResult r = vm().pin(p.pid, range[0], range[1], pin.kind());
      if (r.outcome() == Outcome.ENOMEM && source.mustRetry()) {
        return block();
      }
      if (r.outcome() == Outcome.OK) {
        pins.put(pin.name(), r.pinId());
      }
      return Effect.run(ProcessCosts.SYSCALL_NS + r.pages() * ProcessCosts.PIN_PER_PAGE_NS
          + r.faults() * ProcessCosts.FAULT_NS);
    }
    long length = pageAlign(range[1]);
    if (op instanceof ProcessOp.Mprotect m) {
      vm().mprotect(p.pid, range[0], length, m.prot());
    } else if (op instanceof ProcessOp.Madvise m) {
      vm().madvise(p.pid, range[0], length, m.advice());
    } else if (op instanceof ProcessOp.Munmap) {
      vm().munmap(p.pid, range[0], length);
    } else {
      throw new IllegalStateException("unhandled process op " + op);
    }
    return Effect.run(ProcessCosts.SYSCALL_NS);
  }

  private Effect access(Task task, Process p, ProcessOp.Access a, long[] range) {
    long start = p.resumeAt >= 0 ? p.resumeAt : range[0];
    long length = range[0] + range[1] - start;
    p.resumeAt = -1;
    AccessResult r = a.kind() == ProcessOp.AccessKind.READ
        ? vm().read(p.pid, start, length) : vm().write(p.pid, start, length);
    long pages = ((start + length - 1) >>> 12) - (start >>> 12) + 1;
    long costNs = r.faults() * ProcessCosts.FAULT_NS + pages * ProcessCosts.ACCESS_PER_PAGE_NS;
    if (r.outcome() == Outcome.OOM && source.mustRetry()) {
      p.resumeAt = r.failedAddress();
      return block();
    }
    if (r.outcome() == Outcome.SIGSEGV) {
      machine.tracer.begin("vm_sigsegv", machine.sim.nowNs()).put("cpu", task.cpu)
          .put("ctx", ExecContext.TASK.traceName()).put("comm", task.comm).put("pid", task.pid)
          .put("proc", p.pid).put("address", "0x" + Long.toHexString(r.failedAddress()))
          .put("access", a.kind() == ProcessOp.AccessKind.READ ? "read" : "write").end();
      exit(task);
      return Effect.EXIT;
    }
    return Effect.run(costNs);
  }

  private Effect fork(Cpu cpu, Task task, Process p, ProcessOp.Fork f) {
    int childPid = machine.nextTaskPid();
    ForkResult r = vm().fork(p.pid, childPid);
    if (r.outcome() != Outcome.OK) {
      return source.mustRetry() ? block() : Effect.run(ProcessCosts.FORK_BASE_NS);
    }
    TreeMap<String, long[]> buffers = new TreeMap<>();
    p.buffers.forEach((name, b) -> buffers.put(name, b.clone()));
    byPid.put(childPid, new Process(childPid, buffers));
    int childCpu = f.cpu() == ProcessOp.Fork.SAME_CPU ? task.cpu : f.cpu();
    Task child = machine.forkTask(task, childCpu, f.childProgram());
    com.google.common.base.Verify.verify(child.pid == childPid, "child pid %s != %s", child.pid,
        childPid);
    machine.wake(child, cpu); // wake_up_new_task()
    return Effect.run(ProcessCosts.forkNs(r.pagesShared(), r.pagesCopied(),
        r.pgtablesAllocated()));
  }

  private void exit(Task task) {
    Process p = byPid.remove(task.pid);
    if (p != null) {
      ChangeResult unused = vm().exit(p.pid);
    }
  }

  private Effect signal(Cpu cpu, String event) {
    events.add(event);
    List<Task> sleeping = waiters.remove(event);
    if (sleeping != null) {
      for (Task t : sleeping) {
        machine.wake(t, cpu);
      }
    }
    return Effect.run(ProcessCosts.SYSCALL_NS);
  }

  private Effect waitFor(Task task, String event) {
    if (events.contains(event)) {
      return Effect.NOTHING;
    }
    List<Task> list = waiters.computeIfAbsent(event, e -> new ArrayList<>());
    if (!list.contains(task)) {
      list.add(task);
    }
    return Effect.SLEEP;
  }

  private Effect block() {
    return new Effect(Next.BLOCK, source.blockNs);
  }

  private static ProcessOp.Range rangeOf(ProcessOp op) {
    if (op instanceof ProcessOp.Access a) {
      return a.range();
    } else if (op instanceof ProcessOp.Pin p) {
      return p.range();
    } else if (op instanceof ProcessOp.Mprotect m) {
      return m.range();
    } else if (op instanceof ProcessOp.Madvise m) {
      return m.range();
    } else if (op instanceof ProcessOp.Munmap m) {
      return m.range();
    }
    throw new IllegalStateException("no range in " + op);
  }

  /** {address, length} of {@code range} in {@code p}, or null for a name it does not have. */
  private static long[] resolve(Process p, ProcessOp.Range range) {
    long[] b = p.buffers.get(range.buffer());
    if (b == null) {
      return null;
    }
    long length = range.lengthBytes() == ProcessOp.Range.WHOLE
        ? Math.max(1, b[1] - range.offsetBytes()) : range.lengthBytes();
    return new long[] {b[0] + range.offsetBytes(), length};
  }

  private static long pageAlign(long bytes) {
    return (bytes + Mman.PAGE_SIZE_BYTES - 1) & ~(Mman.PAGE_SIZE_BYTES - 1);
  }

  /** Live processes' pids, ascending (for tests and invariants). */
  ImmutableList<Integer> pids() {
    return ImmutableList.copyOf(byPid.keySet());
  }

  /** One task's process: its pid and its buffers by name ({address, length as mmap'ed}). */
  private static final class Process {
    final int pid;
    final TreeMap<String, long[]> buffers;
    /** Where a blocked access resumes, or -1. */
    long resumeAt = -1;

    Process(int pid, TreeMap<String, long[]> buffers) {
      this.pid = pid;
      this.buffers = buffers;
    }
  }
}
