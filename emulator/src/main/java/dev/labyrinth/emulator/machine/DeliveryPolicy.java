package dev.labyrinth.emulator.machine;

/**
 * Which CPU of a line's affinity mask gets an interrupt, chosen when the line becomes pending.
 *
 * <ul>
 *   <li>{@link #FIXED}: the lowest CPU in the mask (x86 "fixed" delivery to one destination);
 *   <li>{@link #ROUND_ROBIN}: the mask's CPUs in turn (one interrupt each);
 *   <li>{@link #LEAST_LOADED}: the CPU with the least interrupt load now (in a handler or softirq,
 *       plus pending lines), lowest CPU on ties, like the IO-APIC's lowest-priority mode.
 * </ul>
 */
public enum DeliveryPolicy {
  FIXED,
  ROUND_ROBIN,
  LEAST_LOADED
}
