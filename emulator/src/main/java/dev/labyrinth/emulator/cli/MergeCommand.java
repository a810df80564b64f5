package dev.labyrinth.emulator.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code labyrinth merge}: combines the shard files of one sweep into the file a single machine
 * would have written, byte for byte. Shard I of N holds the runs whose index is I modulo N, in
 * order, so run k comes from shard k mod N: the merge reads the shards round-robin in bounded
 * memory and checks every run index on the way, so a missing, repeated, foreign or truncated
 * shard is an error (exit 2), never a silently short file.
 */
@Command(name = "merge", mixinStandardHelpOptions = true,
    description = "Merge the shard results files of one sweep (any order) into one results file, "
        + "identical to a single-machine sweep's.")
final class MergeCommand implements Callable<Integer> {

  private static final Pattern SHARD = Pattern.compile(",\"shard\":\"(\\d+)/(\\d+)\"}$");
  private static final Pattern RUNS = Pattern.compile(",\"runs\":(\\d+)[,}]");
  private static final Pattern RUN = Pattern.compile("^\\{\"run\":(\\d+),");

  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "SHARD_FILE", arity = "1..*", description = "Shard results files.")
  List<Path> inputs = new ArrayList<>();

  @Option(names = "--out", paramLabel = "FILE", required = true, description = "Merged file.")
  Path outFile;

  @Override
  public Integer call() throws Exception {
    List<BufferedReader> readers = new ArrayList<>();
    try {
      String header = null;
      int count = -1;
      BufferedReader[] byShard = null;
      for (Path input : inputs) {
        BufferedReader reader = Files.newBufferedReader(input, StandardCharsets.UTF_8);
        readers.add(reader);
        String first = reader.readLine();
        if (first == null || !first.startsWith("{\"format\":\"" + SweepHeader.FORMAT + "\"")) {
          throw new BadInputException(input + ": not a sweep results file (no sweep header)");
        }
        Matcher shard = SHARD.matcher(first);
        int index = 0;
        int of = 1;
        String whole = first;
        if (shard.find()) {
          index = Integer.parseInt(shard.group(1));
          of = Integer.parseInt(shard.group(2));
          whole = first.substring(0, shard.start()) + "}";
        }
        if (header == null) {
          header = whole;
          count = of;
          byShard = new BufferedReader[of];
        } else if (!header.equals(whole)) {
          throw new BadInputException(input + ": belongs to a different sweep (its header differs "
              + "from " + inputs.get(0) + "'s apart from the shard)");
        } else if (of != count) {
          throw new BadInputException(input + ": shard of " + of + ", but "
              + inputs.get(0) + " is a shard of " + count);
        }
        if (byShard[index] != null) {
          throw new BadInputException(input + ": shard " + index + "/" + of + " given twice");
        }
        byShard[index] = reader;
      }
      for (int i = 0; i < count; i++) {
        if (byShard[i] == null) {
          throw new BadInputException("shard " + i + "/" + count + " is missing");
        }
      }
      Matcher runs = RUNS.matcher(header);
      if (!runs.find()) {
        throw new BadInputException(inputs.get(0) + ": the sweep header has no run count");
      }
      long total = Long.parseLong(runs.group(1));
      String merged = header;
      BufferedReader[] shards = byShard;
      int shardCount = count;
      AtomicFiles.write(outFile, out -> {
        out.write((merged + "\n").getBytes(StandardCharsets.UTF_8));
        for (long k = 0; k < total; k++) {
          String line = shards[(int) (k % shardCount)].readLine();
          Matcher run = line == null ? null : RUN.matcher(line);
          if (run == null || !run.find() || Long.parseLong(run.group(1)) != k) {
            throw new IOException(new BadInputException("shard " + (k % shardCount) + "/"
                + shardCount + ": expected run " + k + ", found "
                + (line == null ? "the end of the file (an unfinished shard?)" : "another line")));
          }
          out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        }
        for (int i = 0; i < shardCount; i++) {
          if (shards[i].readLine() != null) {
            throw new IOException(new BadInputException("shard " + i + "/" + shardCount
                + ": more lines than the sweep has runs"));
          }
        }
        return null;
      });
      spec.commandLine().getOut().println("merged " + count + " shard(s), " + total
          + " runs: " + outFile);
      return ExitCodes.OK;
    } catch (IOException e) {
      if (e.getCause() instanceof BadInputException bad) {
        throw bad;
      }
      throw e;
    } finally {
      for (BufferedReader reader : readers) {
        reader.close();
      }
    }
  }
}
