package dev.labyrinth.emulator.cli;

import dev.labyrinth.reports.TraceFormatException;
import dev.labyrinth.reports.export.ChromeTraceExporter;
import dev.labyrinth.reports.export.CsvExporter;
import dev.labyrinth.reports.export.ExportFormat;
import dev.labyrinth.reports.export.FtraceExporter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code labyrinth export}: a saved trace in a format other tools open. The conversion lives in
 * {@code reports}; this command only picks the output path and publishes it atomically.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = {"Export a canonical trace for other tools.",
        "chrome: Chrome Trace Event JSON for ui.perfetto.dev and Chrome DevTools.",
        "ftrace: text in the /sys/kernel/tracing/trace layout (trace-cmd and KernelShark read "
            + "only trace.dat, not text).",
        "csv: a directory with one table per event type.",
        "Streams the trace; writes temporary files and renames them into place when complete."})
final class ExportCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "TRACE", description = "A canonical trace (trace.jsonl).")
  Path trace;

  @Option(names = "--format", required = true, paramLabel = "FORMAT",
      description = "chrome, ftrace or csv.")
  ExportFormat format;

  @Option(names = "--out", paramLabel = "FILE_OR_DIR",
      description = "Output file (a directory for csv). Default: next to TRACE, with .jsonl "
          + "replaced by .chrome.json, .ftrace.txt or .csv.")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(trace)) {
      throw new BadInputException(trace + ": no such trace file");
    }
    Path target = out != null ? out : defaultOut(trace, format);
    try {
      switch (format) {
        case CHROME -> AtomicFiles.write(target, stream -> {
          unchecked(() -> ChromeTraceExporter.export(trace, stream));
          return null;
        });
        case FTRACE -> AtomicFiles.write(target, stream -> {
          unchecked(() -> FtraceExporter.export(trace, stream));
          return null;
        });
        case CSV -> exportCsv(target);
      }
    } catch (BadTrace e) {
      throw e.getCause();
    }
    PrintWriter printer = spec.commandLine().getOut();
    printer.println("wrote " + target);
    printer.flush();
    return ExitCodes.OK;
  }

  /** An export body, which may find the trace malformed. */
  @FunctionalInterface
  private interface Body {
    void run() throws IOException, TraceFormatException;
  }

  /** Carries a malformed-trace error through {@link AtomicFiles}, which only passes I/O errors. */
  private static final class BadTrace extends IOException {
    private static final long serialVersionUID = 1L;

    BadTrace(TraceFormatException cause) {
      super(cause);
    }

    @Override
    public synchronized TraceFormatException getCause() {
      return (TraceFormatException) super.getCause();
    }
  }

  private static void unchecked(Body body) throws IOException {
    try {
      body.run();
    } catch (TraceFormatException e) {
      throw new BadTrace(e);
    }
  }

  /** {@code out/imu/trace.jsonl} exports to {@code out/imu/trace.chrome.json}, and so on. */
  static Path defaultOut(Path trace, ExportFormat format) {
    String name = trace.getFileName().toString();
    String base = name.endsWith(".jsonl") ? name.substring(0, name.length() - 6) : name;
    return trace.resolveSibling(base + format.suffix());
  }

  /**
   * Writes every table to a temporary file in the target directory and renames them all into
   * place only after the whole trace was read, so a failed export publishes nothing. Files of an
   * earlier export with event types this trace lacks are left alone.
   */
  private void exportCsv(Path directory) throws Exception {
    if (Files.exists(directory) && !Files.isDirectory(directory)) {
      throw new BadInputException(directory + ": exists and is not a directory");
    }
    Files.createDirectories(directory);
    Map<Path, Path> staged = new LinkedHashMap<>();
    List<OutputStream> streams = new ArrayList<>();
    try {
      unchecked(() -> CsvExporter.export(trace, fileName -> {
        Path temporary = Files.createTempFile(directory, "." + fileName + ".", ".tmp");
        staged.put(temporary, directory.resolve(fileName));
        OutputStream stream = new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 14);
        streams.add(stream);
        return stream;
      }));
      for (Map.Entry<Path, Path> file : staged.entrySet()) {
        moveIntoPlace(file.getKey(), file.getValue());
      }
    } finally {
      for (OutputStream stream : streams) {
        stream.close();
      }
      for (Path temporary : staged.keySet()) {
        Files.deleteIfExists(temporary);
      }
    }
  }

  private static void moveIntoPlace(Path temporary, Path target) throws IOException {
    try {
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
