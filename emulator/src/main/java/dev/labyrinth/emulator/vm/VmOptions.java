package dev.labyrinth.emulator.vm;

/**
 * Switches of the vm model.
 *
 * @param cowBug brings back CVE-2020-29374 (scenario key {@code kernel.cow_bug}, default off):
 *     {@code do_wp_page()} reuses a page when its mapcount is 1, whatever its refcount; fork
 *     shares possibly-pinned exclusive pages instead of copying them; read-only pins do not
 *     unshare. This is the kernel before 5.8, where a pipe reference taken by vmsplice() in the
 *     child survives the child's munmap and then sees the parent's later writes.
 */
public record VmOptions(boolean cowBug) {
  /** Linux 6.18 behaviour. */
  public static final VmOptions DEFAULTS = new VmOptions(false);

  public VmOptions withCowBug(boolean on) {
    return new VmOptions(on);
  }
}
