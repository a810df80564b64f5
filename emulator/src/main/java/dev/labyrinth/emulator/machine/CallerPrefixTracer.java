package dev.labyrinth.emulator.machine;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.labyrinth.emulator.sim.Tracer;

/**
 * A tracer that puts the context prefix ({@code cpu, ctx, comm, pid}) right after {@code ev} on
 * every record begun while a caller is set, so the allocator's own records ({@code mm_page_alloc},
 * {@code mm_page_free}) say where they ran, as Linux's trace line prefix does, without the
 * allocator knowing about CPUs. {@link PageAllocatorPort} sets the caller around each call.
 */
public final class CallerPrefixTracer implements Tracer {
  private final Tracer delegate;
  private Caller current;

  public CallerPrefixTracer(Tracer delegate) {
    this.delegate = checkNotNull(delegate);
  }

  /** Sets the caller whose prefix later records carry; null for none. */
  void setCaller(Caller caller) {
    this.current = caller;
  }

  @Override
  public boolean enabled() {
    return delegate.enabled();
  }

  @Override
  public Record begin(String event, long timeNs) {
    Record record = delegate.begin(event, timeNs);
    Caller c = current;
    if (c != null && c.onCpu()) {
      record.put("cpu", c.cpu()).put("ctx", c.ctx().traceName()).put("comm", c.comm())
          .put("pid", c.pid());
    }
    return record;
  }
}
