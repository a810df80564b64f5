package dev.labyrinth.reports.reserves;

import com.google.common.collect.ImmutableList;

/**
 * What drained a zone before a reserve hit: the successful allocations and the frees since the
 * zone was last at or above its high watermark (where kswapd stops), just before the hit.
 *
 * @param sinceNs when the zone was last at or above high (its {@code zone_init} if never since)
 * @param allocations the allocations since then
 * @param freed the frees since then ({@link Tally#allocations} counts free records)
 * @param topCallers the callers that took the most pages, at most three, most pages first
 * @param belowLowSinceNs when the zone last fell below low (kswapd's wake-up line), -1 if it had
 *     not before this allocation
 */
public record DrainCause(long sinceNs, Tally allocations, Tally freed,
    ImmutableList<CallerTally> topCallers, long belowLowSinceNs) {}
