package dev.labyrinth.emulator.mm;

/**
 * Told of every {@code zone->lock} critical section the allocator enters, so that whoever runs
 * the callers (the machine) can give it emulated time: the allocator itself is timeless.
 *
 * <p>The sections, as in Linux 6.18's mm/page_alloc.c: {@code rmqueue_bulk()} (a per-CPU list
 * refill, one hold for the whole batch), {@code rmqueue_buddy()} (an order the per-CPU lists do
 * not serve, a pcp trylock bypass, or a refill that found nothing), {@code free_pcppages_bulk()}
 * (a per-CPU list drain, one hold per drain) and {@code free_one_page()} (a free that does not go
 * to a per-CPU list). Each is reported once, after it ran, with the number of blocks it moved.
 */
@FunctionalInterface
public interface ZoneLockListener {
  /** Nobody listens: zone lock sections take no time. */
  ZoneLockListener NONE = (ctx, zone, blocks) -> {};

  /**
   * {@code ctx} held {@code zone}'s lock once and moved {@code blocks} blocks under it (0 when
   * the section found nothing to take).
   */
  void section(AllocContext ctx, ZoneType zone, int blocks);
}
