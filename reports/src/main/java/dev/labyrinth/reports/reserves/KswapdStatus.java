package dev.labyrinth.reports.reserves;

/**
 * What kswapd was doing at a reserve hit, from {@code mm_vmscan_wakeup_kswapd},
 * {@code mm_vmscan_kswapd_wake} and {@code mm_vmscan_kswapd_sleep} (any node: the emulator models
 * one).
 *
 * @param state {@code awake}, {@code woken} (a wake-up was requested, kswapd not yet running),
 *     {@code asleep}, or {@code unknown} (the trace has no kswapd events before the hit)
 * @param sinceNs when it entered that state, -1 for {@code unknown}
 */
public record KswapdStatus(String state, long sinceNs) {}
