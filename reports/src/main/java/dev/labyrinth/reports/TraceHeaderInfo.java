package dev.labyrinth.reports;

import com.google.common.collect.ImmutableList;

/**
 * The header line of a canonical trace, as a consumer sees it.
 *
 * @param version format version
 * @param scenario the scenario's name
 * @param scenarioSha256 lowercase hex SHA-256 of the scenario file
 * @param seed root seed
 * @param overrides {@code --set} overrides in command-line order
 */
public record TraceHeaderInfo(int version, String scenario, String scenarioSha256, long seed,
    ImmutableList<String> overrides) {}
