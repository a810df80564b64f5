package dev.labyrinth.emulator.machine;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import dev.labyrinth.emulator.vm.PinKind;

/**
 * What a task does as a process: the system calls and memory accesses of {@code vm.Vm}, with
 * buffers and pins named symbolically (a scenario has no addresses). A task becomes a process at
 * its first process step ({@code vm_spawn}, with the task's pid); see {@link Processes}.
 *
 * <p>A {@link Range} names a buffer by the name its {@link Mmap} gave it, plus an offset; its
 * length {@link Range#WHOLE} means "to the end of the mapping as mmap'ed".
 */
public sealed interface ProcessOp {

  /** Where an access or system call applies: {@code buffer+offsetBytes}, {@code lengthBytes}. */
  record Range(String buffer, long offsetBytes, long lengthBytes) {
    /** To the end of the buffer. */
    public static final long WHOLE = -1;

    public Range {
      checkNotNull(buffer);
      checkArgument(offsetBytes >= 0, "offset %s", offsetBytes);
      checkArgument(lengthBytes > 0 || lengthBytes == WHOLE, "length %s", lengthBytes);
    }
  }

  /** Which access an {@link Access} makes. */
  enum AccessKind { READ, WRITE }

  /** mmap of anonymous memory; {@code prot} and {@code flags} use {@code vm.Mman}'s values. */
  record Mmap(String name, long lengthBytes, int prot, int flags) implements ProcessOp {
    public Mmap {
      checkNotNull(name);
      checkArgument(lengthBytes > 0, "length %s", lengthBytes);
    }
  }

  /** A load or a store over every page of the range. */
  record Access(AccessKind kind, Range range) implements ProcessOp {
    public Access {
      checkNotNull(kind);
      checkNotNull(range);
    }
  }

  record Mprotect(Range range, int prot) implements ProcessOp {
    public Mprotect {
      checkNotNull(range);
    }
  }

  /** madvise; {@code advice} is a {@code vm.Mman} MADV_ value. */
  record Madvise(Range range, int advice) implements ProcessOp {
    public Madvise {
      checkNotNull(range);
    }
  }

  record Munmap(Range range) implements ProcessOp {
    public Munmap {
      checkNotNull(range);
    }
  }

  /** {@code echo 4 > /proc/self/clear_refs}: clear soft-dirty, write-protect every PTE. */
  record ClearRefs() implements ProcessOp {}

  /**
   * fork(): the child is a new task running {@code childProgram} on {@code cpu} ({@link #SAME_CPU}:
   * the parent's), with the parent's comm and the next task pid.
   */
  record Fork(int cpu, ImmutableList<Step> childProgram) implements ProcessOp {
    public static final int SAME_CPU = -1;

    public Fork {
      checkArgument(cpu >= SAME_CPU, "cpu %s", cpu);
      checkNotNull(childProgram);
    }
  }

  /** GUP of the range; the reference is named {@code name} for {@link ReadPin} and {@link Unpin}. */
  record Pin(Range range, PinKind kind, String name) implements ProcessOp {
    public Pin {
      checkNotNull(range);
      checkNotNull(kind);
      checkNotNull(name);
    }
  }

  /** A read through the named pin or pipe reference (pipe read, io_uring write_fixed). */
  record ReadPin(String name) implements ProcessOp {
    public ReadPin {
      checkNotNull(name);
    }
  }

  /** Drops the named pin or pipe reference. */
  record Unpin(String name) implements ProcessOp {
    public Unpin {
      checkNotNull(name);
    }
  }

  /** exit(): the address space goes and the task ends; later steps do not run. */
  record Exit() implements ProcessOp {}

  /**
   * Sets the named event (a latch: once set it stays set) and wakes its waiters; models the
   * one-byte pipe writes cow.c uses between parent and child.
   */
  record Signal(String event) implements ProcessOp {
    public Signal {
      checkNotNull(event);
    }
  }

  /** Sleeps (state S) until the named event is set; returns at once if it is. */
  record WaitFor(String event) implements ProcessOp {
    public WaitFor {
      checkNotNull(event);
    }
  }
}
