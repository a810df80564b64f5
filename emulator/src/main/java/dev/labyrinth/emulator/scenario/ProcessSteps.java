package dev.labyrinth.emulator.scenario;

import com.google.common.collect.ImmutableList;
import dev.labyrinth.emulator.machine.ProcessOp;
import dev.labyrinth.emulator.machine.Step;
import dev.labyrinth.emulator.vm.Mman;
import dev.labyrinth.emulator.vm.PinKind;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The process steps of task programs: checks their symbolic names (a buffer used before any
 * `mmap` of this task or of its fork parent before the fork named it; a pin or event no step
 * defines) and builds them into {@link Step.Process} records.
 */
final class ProcessSteps {
  static final ImmutableList<String> RANGE_KEYS =
      ImmutableList.of("read", "write", "touch", "mprotect", "madvise", "munmap", "pin");

  private final List<Problem> problems;
  private final TreeSet<String> pinNames = new TreeSet<>();
  private final TreeSet<String> eventNames = new TreeSet<>();

  ProcessSteps(List<Problem> problems) {
    this.problems = problems;
  }

  /** Checks every task program; names of pins and events may be defined by any task. */
  void check(ImmutableList<ObjectValue> tasks) {
    for (ObjectValue task : tasks) {
      if (task.has("steps")) {
        collect(task.getList("steps"));
      }
    }
    for (ObjectValue task : tasks) {
      if (task.has("steps")) {
        checkNames(task.getList("steps"), new TreeSet<>());
      }
    }
  }

  private void collect(ImmutableList<ObjectValue> steps) {
    for (ObjectValue step : steps) {
      if (step.has("pin") && step.getObject("pin").has("as")) {
        pinNames.add(step.getObject("pin").getString("as"));
      }
      if (step.has("signal")) {
        eventNames.add(step.getString("signal"));
      }
      for (String nested : List.of("loop", "fork")) {
        if (step.has(nested) && step.getObject(nested).has("steps")) {
          collect(step.getObject(nested).getList("steps"));
        }
      }
    }
  }

  private void checkNames(ImmutableList<ObjectValue> steps, TreeSet<String> buffers) {
    for (ObjectValue step : steps) {
      if (step.has("mmap") && step.getObject("mmap").has("as")) {
        buffers.add(step.getObject("mmap").getString("as"));
      }
      for (String key : RANGE_KEYS) {
        if (step.has(key) && step.getObject(key).has("at")) {
          ObjectValue range = step.getObject(key);
          String at = range.getString("at");
          String message = checkAt(at, buffers);
          if (message != null) {
            problems.add(range.markOf("at").problem(range.pathOf("at"), message));
          }
        }
      }
      checkDefined(step, "read_pin", pinNames, "no `pin` step names a pin `%s` (`as:`)");
      checkDefined(step, "unpin", pinNames, "no `pin` step names a pin `%s` (`as:`)");
      checkDefined(step, "wait_for", eventNames, "no `signal` step sets an event `%s`");
      if (step.has("loop") && step.getObject("loop").has("steps")) {
        checkNames(step.getObject("loop").getList("steps"), buffers);
      }
      if (step.has("fork") && step.getObject("fork").has("steps")) {
        checkNames(step.getObject("fork").getList("steps"), new TreeSet<>(buffers));
      }
    }
  }

  private void checkDefined(ObjectValue step, String key, TreeSet<String> names, String format) {
    if (step.has(key) && !names.contains(step.getString(key))) {
      String message = String.format(Locale.ROOT, format, step.getString(key));
      String suggestion = DidYouMean.suggest(step.getString(key), ImmutableList.copyOf(names))
          .map(s -> "; did you mean `" + s + "`?").orElse("");
      problems.add(step.markOf(key).problem(step.pathOf(key), message + suggestion));
    }
  }

  /** Null when {@code at} is a known buffer with an optional whole-page offset; else why not. */
  private static String checkAt(String at, TreeSet<String> buffers) {
    int plus = at.indexOf('+');
    String name = plus < 0 ? at : at.substring(0, plus);
    if (!buffers.contains(name)) {
      String suggestion = DidYouMean.suggest(name, ImmutableList.copyOf(buffers))
          .map(s -> "; did you mean `" + s + "`?").orElse("");
      return "unknown buffer `" + name + "`: no earlier `mmap` of this task (or of its parent, "
          + "before the fork) has `as: " + name + "`" + suggestion;
    }
    if (plus >= 0) {
      try {
        long offset = Units.parseSizeBytes(at.substring(plus + 1));
        if (offset % Mman.PAGE_SIZE_BYTES != 0) {
          return "offset " + at.substring(plus + 1) + " is not a whole number of 4KiB pages";
        }
      } catch (IllegalArgumentException e) {
        return "bad offset in `" + at + "`: " + e.getMessage();
      }
    }
    return null;
  }

  /** The process step {@code s} stands for, or null when it is not one. */
  static Step build(ObjectValue s, java.util.function.Function<ImmutableList<ObjectValue>,
      ImmutableList<Step>> steps) {
    ProcessOp op = null;
    if (s.has("mmap")) {
      ObjectValue m = s.getObject("mmap");
      op = new ProcessOp.Mmap(m.getString("as"), m.getLong("length"), prot(m.getString("prot")),
          m.getString("flags").equals("shared") ? Mman.MAP_SHARED : Mman.MAP_PRIVATE);
    } else if (s.has("read")) {
      op = new ProcessOp.Access(ProcessOp.AccessKind.READ, range(s.getObject("read")));
    } else if (s.has("write") || s.has("touch")) {
      op = new ProcessOp.Access(ProcessOp.AccessKind.WRITE,
          range(s.getObject(s.has("write") ? "write" : "touch")));
    } else if (s.has("mprotect")) {
      ObjectValue m = s.getObject("mprotect");
      op = new ProcessOp.Mprotect(range(m), prot(m.getString("prot")));
    } else if (s.has("madvise")) {
      ObjectValue m = s.getObject("madvise");
      op = new ProcessOp.Madvise(range(m), advice(m.getString("advice")));
    } else if (s.has("munmap")) {
      op = new ProcessOp.Munmap(range(s.getObject("munmap")));
    } else if (s.has("clear_refs")) {
      op = new ProcessOp.ClearRefs();
    } else if (s.has("pin")) {
      ObjectValue p = s.getObject("pin");
      op = new ProcessOp.Pin(range(p), PinKind.valueOf(p.getString("kind")
          .toUpperCase(Locale.ROOT)), p.getString("as"));
    } else if (s.has("read_pin")) {
      op = new ProcessOp.ReadPin(s.getString("read_pin"));
    } else if (s.has("unpin")) {
      op = new ProcessOp.Unpin(s.getString("unpin"));
    } else if (s.has("signal")) {
      op = new ProcessOp.Signal(s.getString("signal"));
    } else if (s.has("wait_for")) {
      op = new ProcessOp.WaitFor(s.getString("wait_for"));
    } else if (s.has("exit")) {
      op = new ProcessOp.Exit();
    } else if (s.has("fork")) {
      ObjectValue f = s.getObject("fork");
      op = new ProcessOp.Fork(f.has("cpu") ? f.getInt("cpu") : ProcessOp.Fork.SAME_CPU,
          steps.apply(f.getList("steps")));
    }
    return op == null ? null : new Step.Process(op);
  }

  private static ProcessOp.Range range(ObjectValue r) {
    String at = r.getString("at");
    int plus = at.indexOf('+');
    String name = plus < 0 ? at : at.substring(0, plus);
    long offset = plus < 0 ? 0 : Units.parseSizeBytes(at.substring(plus + 1));
    return new ProcessOp.Range(name, offset,
        r.has("length") ? r.getLong("length") : ProcessOp.Range.WHOLE);
  }

  private static int prot(String name) {
    return switch (name) {
      case "r" -> Mman.PROT_READ;
      case "rw" -> Mman.PROT_READ | Mman.PROT_WRITE;
      default -> Mman.PROT_NONE;
    };
  }

  private static int advice(String name) {
    return switch (name) {
      case "MADV_DONTFORK" -> Mman.MADV_DONTFORK;
      case "MADV_DOFORK" -> Mman.MADV_DOFORK;
      case "MADV_WIPEONFORK" -> Mman.MADV_WIPEONFORK;
      default -> Mman.MADV_KEEPONFORK;
    };
  }
}
