package dev.labyrinth.emulator.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

/** Runs the command line in-process and captures what it printed. */
final class CliHarness {

  /** The repository root, passed by Surefire so tests never hard-code a path. */
  static final Path ROOT = Path.of(System.getProperty("labyrinth.root", "..")).toAbsolutePath()
      .normalize();

  static Path scenario(String name) {
    return ROOT.resolve("scenarios").resolve(name);
  }

  record Result(int exitCode, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(args, new PrintWriter(out), new PrintWriter(err));
    return new Result(code, out.toString(), err.toString());
  }

  private CliHarness() {}
}
