package dev.labyrinth.emulator.scenario;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import dev.labyrinth.emulator.machine.DeliveryPolicy;
import dev.labyrinth.emulator.machine.Step;
import dev.labyrinth.emulator.machine.Trigger;

/**
 * One device from the {@code devices} list: how it raises its interrupt line and what its
 * handler does.
 *
 * @param name unique among the scenario's devices
 * @param kind the arrival pattern
 * @param periodNs timer: time between interrupts (0 for other kinds)
 * @param jitterNs timer: maximum displacement of each interrupt
 * @param meanNs poisson and burst: mean gap (0 for other kinds)
 * @param onNs burst: on period (0 otherwise)
 * @param offNs burst: off period
 * @param arrivalsNs replay: the arrival times (read from {@code replayFile} by the loader)
 * @param replayFile replay: the file as written in the scenario, or empty
 * @param affinity CPUs the line may go to (from {@code affinity}, or {@code [cpu]})
 * @param policy delivery policy among the affinity CPUs
 * @param priority line priority, higher first
 * @param trigger edge or level
 * @param unhandledEvery every n-th interrupt returns IRQ_NONE; 0 = never
 * @param handler the hardirq handler's steps
 * @param softirq the steps each raise_softirq queues
 */
public record DeviceSpec(String name, DeviceKind kind, long periodNs, long jitterNs, long meanNs,
    long onNs, long offNs, ImmutableList<Long> arrivalsNs, String replayFile,
    ImmutableList<Integer> affinity, DeliveryPolicy policy, int priority, Trigger trigger,
    int unhandledEvery, ImmutableList<Step> handler, ImmutableList<Step> softirq) {
  public DeviceSpec {
    checkNotNull(name, "name");
    checkNotNull(kind, "kind");
    checkArgument(periodNs >= 0 && jitterNs >= 0 && meanNs >= 0 && onNs >= 0 && offNs >= 0,
        "negative time");
    checkNotNull(arrivalsNs, "arrivalsNs");
    checkNotNull(replayFile, "replayFile");
    checkArgument(!affinity.isEmpty(), "empty affinity");
    checkNotNull(policy, "policy");
    checkNotNull(trigger, "trigger");
    checkNotNull(handler, "handler");
    checkNotNull(softirq, "softirq");
  }

  /** A periodic timer routed to one CPU with an empty handler. */
  public static DeviceSpec timer(String name, long periodNs, long jitterNs, int cpu) {
    return new DeviceSpec(name, DeviceKind.TIMER, periodNs, jitterNs, 0, 0, 0, ImmutableList.of(),
        "", ImmutableList.of(cpu), DeliveryPolicy.FIXED, 0, Trigger.EDGE, 0, ImmutableList.of(),
        ImmutableList.of());
  }

  /** The first CPU of the affinity mask (the {@code cpu} key). */
  public int cpu() {
    return affinity.get(0);
  }

  /** The same device with replayed arrival times filled in. */
  public DeviceSpec withArrivals(ImmutableList<Long> times) {
    return new DeviceSpec(name, kind, periodNs, jitterNs, meanNs, onNs, offNs, times, replayFile,
        affinity, policy, priority, trigger, unhandledEvery, handler, softirq);
  }
}
