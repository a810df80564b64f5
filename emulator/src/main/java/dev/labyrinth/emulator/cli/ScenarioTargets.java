package dev.labyrinth.emulator.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Expands {@code verify} and {@code record} arguments: a file is itself, a folder is every
 * {@code *.yaml} directly in it, sorted by name so output is the same on every file system.
 */
final class ScenarioTargets {

  private ScenarioTargets() {}

  static List<Path> expand(List<Path> arguments) throws IOException, BadInputException {
    List<Path> files = new ArrayList<>();
    for (Path argument : arguments) {
      if (Files.isDirectory(argument)) {
        try (Stream<Path> entries = Files.list(argument)) {
          List<Path> yaml = entries
              .filter(p -> p.getFileName().toString().endsWith(".yaml") && Files.isRegularFile(p))
              .sorted()
              .toList();
          if (yaml.isEmpty()) {
            throw new BadInputException(argument + ": no *.yaml scenario files in this folder");
          }
          files.addAll(yaml);
        }
      } else if (Files.isRegularFile(argument)) {
        files.add(argument);
      } else {
        throw new BadInputException(argument + ": no such scenario file or folder");
      }
    }
    return files;
  }
}
