package dev.labyrinth.emulator.cli;

import java.nio.file.Path;

/** Where a scenario's golden trace lives: beside it, {@code name.yaml} -> {@code name.golden.jsonl}. */
final class Goldens {

  private Goldens() {}

  static Path beside(Path scenarioFile) {
    String name = scenarioFile.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String base = dot > 0 ? name.substring(0, dot) : name;
    return scenarioFile.resolveSibling(base + ".golden.jsonl");
  }
}
