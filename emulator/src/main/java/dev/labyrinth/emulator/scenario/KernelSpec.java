package dev.labyrinth.emulator.scenario;

/**
 * {@code kernel}: behaviour switches of the emulated kernel.
 *
 * @param cowBug {@code kernel.cow_bug}: CVE-2020-29374's pre-5.8 copy-on-write (see
 *     {@code vm.VmOptions})
 */
public record KernelSpec(boolean cowBug) {
  /** Linux 6.18. */
  public static final KernelSpec DEFAULTS = new KernelSpec(false);
}
