package dev.labyrinth.emulator.cli;

import com.google.common.collect.ImmutableList;
import dev.labyrinth.emulator.machine.Step;
import dev.labyrinth.emulator.scenario.DeviceSpec;
import dev.labyrinth.emulator.scenario.Scenario;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The ceilings {@code labyrinth bench} prints beside the scenario figures, so a missed target can
 * be told from a slow allocator or trace writer: for traced runs, a bound the hardware sets
 * whatever the emulator does; for untraced runs, the bound the rest of the emulator sets when the
 * page allocator costs nothing.
 *
 * <ul>
 *   <li>A traced run hashes every byte of its canonical trace with SHA-256 (the fingerprint), on
 *       one thread, since SHA-256 is sequential. {@link #sha256BytesPerSecond} measures that hash
 *       on this machine; divided by the trace bytes a run writes per event, it caps the traced
 *       events per second even if emulating and formatting cost nothing.
 *   <li>{@link #withDeviceAllocsAsCompute} removes the page allocator from a scenario's
 *       interrupt and softirq work: each allocation step becomes a compute step of the same CPU
 *       time, so the emulated timeline of interrupts keeps its shape but no page is allocated,
 *       held or freed. The stretched run of that scenario shows what the machine, the event queue
 *       and the devices cost alone: the speed the real run would reach with a free allocator (a
 *       little above it, since the real run also has the held pages' free events).
 * </ul>
 */
final class BenchCeilings {
  /** SHA-256 is fed in chunks of this size, as the trace writer's pipeline hands them over. */
  private static final int CHUNK_BYTES = 1 << 16;

  /** Keeps the digests observable, so the JIT cannot drop the hashing. */
  private static volatile byte digestSink;

  private BenchCeilings() {}

  /**
   * SHA-256 throughput of this JVM on this machine, in bytes per second: the best of {@code
   * rounds} rounds, each hashing {@code bytesPerRound} bytes (rounded up to whole 64 KiB
   * chunks) of fixed pseudo-random data with {@link MessageDigest}, as the trace writer does.
   * One uncounted round goes first, so that the JIT has compiled the digest's loop (with its
   * SHA instructions) before any timing; many short rounds make it likely that one of them
   * meets no neighbour on a shared machine.
   */
  static double sha256BytesPerSecond(long bytesPerRound, int rounds) {
    if (bytesPerRound <= 0 || rounds <= 0) {
      throw new IllegalArgumentException(
          "bytesPerRound " + bytesPerRound + " and rounds " + rounds + " must be positive");
    }
    byte[] chunk = new byte[CHUNK_BYTES];
    long state = 0x9E3779B97F4A7C15L;
    for (int i = 0; i < chunk.length; i++) {
      state = state * 6364136223846793005L + 1442695040888963407L;
      chunk[i] = (byte) (state >>> 56);
    }
    long chunks = (bytesPerRound + CHUNK_BYTES - 1) / CHUNK_BYTES;
    double bestNs = Double.MAX_VALUE;
    for (int r = -1; r < rounds; r++) {
      MessageDigest sha256 = newSha256();
      long startNs = System.nanoTime();
      for (long c = 0; c < chunks; c++) {
        sha256.update(chunk, 0, chunk.length);
      }
      byte[] digest = sha256.digest();
      long ns = Math.max(1, System.nanoTime() - startNs);
      digestSink = digest[0];
      if (r >= 0) {
        bestNs = Math.min(bestNs, ns);
      }
    }
    return chunks * (double) CHUNK_BYTES * 1e9 / bestNs;
  }

  /**
   * {@code scenario} with every allocation step of its devices' handlers and softirq work
   * replaced by a compute step of the step's own CPU time ({@code count * cost per page * 2^order};
   * none when that is 0). Tasks, and every other step, are unchanged.
   */
  static Scenario withDeviceAllocsAsCompute(Scenario scenario) {
    ImmutableList.Builder<DeviceSpec> devices = ImmutableList.builder();
    for (DeviceSpec d : scenario.devices()) {
      devices.add(new DeviceSpec(d.name(), d.kind(), d.periodNs(), d.jitterNs(), d.meanNs(),
          d.onNs(), d.offNs(), d.arrivalsNs(), d.replayFile(), d.affinity(), d.policy(),
          d.priority(), d.trigger(), d.unhandledEvery(), allocsAsCompute(d.handler()),
          allocsAsCompute(d.softirq())));
    }
    return scenario.withDevices(devices.build());
  }

  private static ImmutableList<Step> allocsAsCompute(ImmutableList<Step> steps) {
    ImmutableList.Builder<Step> out = ImmutableList.builder();
    for (Step s : steps) {
      if (s instanceof Step.Alloc a) {
        long ns = Math.multiplyExact(Math.multiplyExact((long) a.count(), a.costPerPageNs()),
            1L << a.order());
        if (ns > 0) {
          out.add(new Step.Compute(ns));
        }
      } else { // no loop: a device's steps have none (loops are for tasks)
        out.add(s);
      }
    }
    return out.build();
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
