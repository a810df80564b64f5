package dev.labyrinth.emulator.machine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableList;
import dev.labyrinth.emulator.mm.Gfp;
import dev.labyrinth.emulator.mm.Lru;
import dev.labyrinth.emulator.mm.RecordingTracer;
import dev.labyrinth.emulator.mm.ZoneLockListener;
import dev.labyrinth.emulator.sim.Band;
import dev.labyrinth.emulator.sim.Simulation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Held blocks due at the same instant are freed by one event, in the order they were held, and
 * blocks that must not share an event (another event scheduled between them, another due time)
 * do not.
 */
class HeldBlockBatchTest {
  private static final int KERNEL = Gfp.parse("GFP_KERNEL");

  /** Hands out increasing pfns and records every free as "pfn@time". */
  private static final class RecordingPort implements MemoryPort {
    private final Simulation sim;
    private final List<String> frees = new ArrayList<>();
    private long nextPfn = 100;

    RecordingPort(Simulation sim) {
      this.sim = sim;
    }

    @Override
    public AllocOutcome allocate(Caller caller, int order, int gfpMask) {
      return AllocOutcome.allocated(nextPfn++);
    }

    @Override
    public void free(Caller caller, long pfn, int order) {
      frees.add(pfn + "@" + sim.nowNs());
    }

    @Override
    public void lruAdd(long pfn, int order, Lru lru) {}

    @Override
    public void setZoneLockListener(ZoneLockListener l) {}
  }

  private final Simulation sim = new Simulation(1);
  private final RecordingPort port = new RecordingPort(sim);
  private final Machine machine = new Machine(sim, new RecordingTracer(), port, 1);

  private static Step.Alloc held(int count, long holdNs) {
    return new Step.Alloc(0, KERNEL, count, holdNs, 0);
  }

  @Test
  void aBurstOfHeldBlocksIsFreedByOneEventInAllocationOrder() {
    machine.addTask("burst", 0, ImmutableList.of(held(7, 1_000)), 0);
    machine.start();
    sim.run(500, 1_000);
    assertThat(machine.heldBatchesPending()).isEqualTo(1);
    long stepsBefore = sim.steps();
    sim.run(1_000, 1_000);
    assertThat(port.frees).containsExactly(
        "100@1000", "101@1000", "102@1000", "103@1000", "104@1000", "105@1000", "106@1000");
    assertThat(sim.steps() - stepsBefore).isEqualTo(1);
    assertThat(machine.heldBatchesPending()).isZero();
  }

  @Test
  void blocksDueAtDifferentTimesGetTheirOwnEvents() {
    machine.addTask("two", 0, ImmutableList.of(held(2, 1_000), held(1, 2_000)), 0);
    machine.start();
    sim.run(500, 1_000);
    assertThat(machine.heldBatchesPending()).isEqualTo(2);
    sim.run(10_000, 1_000);
    assertThat(port.frees).containsExactly("100@1000", "101@1000", "102@2000");
    assertThat(machine.heldBatchesPending()).isZero();
  }

  @Test
  void aBlockDoesNotJoinABatchWhenAnotherEventWasScheduledBetween() {
    // Another event due at the same (time, band) scheduled between two held blocks runs between
    // their frees, as it would with one event per block; so the second block opens a new batch.
    machine.start();
    sim.schedule(10, Band.CPU, (now, arg) -> {
      machine.freeAfter(200, 0, 1_000);
      sim.scheduleAfter(1_000, Band.DEFERRED, (t, x) -> port.frees.add("other@" + t), 0);
      machine.freeAfter(201, 0, 1_000);
      machine.freeAfter(202, 0, 1_000); // joins 201's batch: nothing was scheduled between
    }, 0);
    sim.run(500, 1_000);
    assertThat(machine.heldBatchesPending()).isEqualTo(2);
    sim.run(10_000, 1_000);
    assertThat(port.frees).containsExactly("200@1010", "other@1010", "201@1010", "202@1010");
  }

  @Test
  void batchRowsAreReusedAndRefuseUseAfterRelease() {
    HeldBlockBatches batches = new HeldBlockBatches();
    int first = batches.open(1);
    for (int i = 2; i <= 20; i++) {
      batches.append(first, i); // grows the row past its initial capacity
    }
    assertThat(batches.size(first)).isEqualTo(20);
    assertThat(batches.block(first, 19)).isEqualTo(20);
    int[] more = new int[9];
    for (int i = 0; i < more.length; i++) {
      more[i] = batches.open(100 + i); // grows the table
    }
    assertThat(batches.openBatches()).isEqualTo(10);
    batches.release(first);
    assertThatThrownBy(() -> batches.block(first, 0)).isInstanceOf(IllegalStateException.class);
    int reused = batches.open(42);
    assertThat(reused).isEqualTo(first);
    assertThat(batches.size(reused)).isEqualTo(1); // nothing of the released batch leaks
    assertThat(batches.block(reused, 0)).isEqualTo(42);
    for (int i = 0; i < more.length; i++) {
      assertThat(batches.block(more[i], 0)).isEqualTo(100 + i);
    }
  }
}
