/**
 * Strict scenario files: YAML bytes (plus {@code --set} overrides) to a validated, immutable
 * {@link dev.labyrinth.emulator.scenario.Scenario}.
 *
 * <p>Jackson stays inside this package: only {@code YamlReader} touches it, and no Jackson type
 * appears in the public API. The accepted format is declared once, in {@code ScenarioFields};
 * validation, "did you mean" suggestions, override key resolution and the schema-sync test all
 * read that table, so adding a key is one line there plus its line in
 * {@code scenarios/scenario.schema.json} (the test fails until both agree).
 */
package dev.labyrinth.emulator.scenario;
