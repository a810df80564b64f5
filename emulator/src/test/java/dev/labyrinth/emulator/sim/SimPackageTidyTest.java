package dev.labyrinth.emulator.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the kernel package honest about the determinism contract and its dependency rule by
 * scanning its main sources (comments stripped) for APIs that make a run depend on the host, and
 * for imports of any other Labyrinth package.
 */
class SimPackageTidyTest {
  private static final String PACKAGE_PATH = "src/main/java/dev/labyrinth/emulator/sim";

  /** Each pattern with the reason it is banned from model code. */
  private static final String[][] BANNED = {
    {"\\bjava\\.util\\.Random\\b", "seeded only through RandomStreams"},
    {"\\bThreadLocalRandom\\b", "seeded only through RandomStreams"},
    {"\\bSplittableRandom\\b", "seeded only through RandomStreams"},
    {"(?<![A-Za-z])Math\\.random\\b", "seeded only through RandomStreams"},
    {"\\bUUID\\b", "random and host-dependent"},
    {"\\bSystem\\.(nanoTime|currentTimeMillis)\\b", "wall clock"},
    {"\\bjava\\.time\\b", "wall clock and time zones"},
    {"\\b(HashMap|HashSet)\\b", "iteration order varies between runs"},
    {"\\b(Set|Map)\\.of\\b", "iteration order varies between runs"},
    {"(?<![A-Za-z])Math\\.(log|log1p|log10|exp|expm1|sqrt|cbrt|pow|sin|cos|tan|atan2|hypot)\\b",
      "may differ by an ulp between JVMs; use StrictMath"},
    {"\\b(Thread|Executor|ExecutorService|CompletableFuture)\\b", "one thread per run"},
    {"\\bparallelStream\\b", "one thread per run"},
    {"\\bfloat\\b", "no floats in model state"},
    {"\\bimport\\s+(static\\s+)?dev\\.labyrinth\\.(?!emulator\\.sim\\.)",
      "sim imports nothing of ours"},
  };

  @Test
  void simSources_useNoBannedApiAndImportNothingOfOurs() throws IOException {
    List<Path> sources = sources();
    assertThat(sources).as("sim sources found").hasSizeGreaterThan(5);
    List<String> problems = new ArrayList<>();
    for (Path source : sources) {
      String code = stripComments(Files.readString(source, StandardCharsets.UTF_8));
      String[] lines = code.split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        for (String[] rule : BANNED) {
          Matcher matcher = Pattern.compile(rule[0]).matcher(lines[i]);
          if (matcher.find()) {
            problems.add(source.getFileName() + ":" + (i + 1) + ": '" + matcher.group()
                + "' (" + rule[1] + ")");
          }
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void stripComments_removesBlockAndLineCommentsButKeepsLineCount() {
    String stripped = stripComments("a /* java.util.Random\n */ b // HashMap\nc");
    assertThat(stripped).doesNotContain("Random").doesNotContain("HashMap");
    assertThat(stripped.split("\n", -1)).hasSize(3);
  }

  private static List<Path> sources() throws IOException {
    String root = System.getProperty("labyrinth.root");
    Path moduleDir =
        root != null && Files.isDirectory(Paths.get(root, "emulator"))
            ? Paths.get(root, "emulator")
            : Paths.get("");
    try (Stream<Path> files = Files.list(moduleDir.resolve(PACKAGE_PATH))) {
      return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
  }

  /** Blanks comments, keeping newlines so that line numbers in reports stay right. */
  static String stripComments(String code) {
    StringBuilder out = new StringBuilder(code.length());
    int i = 0;
    while (i < code.length()) {
      if (code.startsWith("/*", i)) {
        int end = code.indexOf("*/", i + 2);
        end = end < 0 ? code.length() : end + 2;
        for (int k = i; k < end; k++) {
          if (code.charAt(k) == '\n') {
            out.append('\n');
          }
        }
        i = end;
      } else if (code.startsWith("//", i)) {
        int end = code.indexOf('\n', i);
        i = end < 0 ? code.length() : end;
      } else if (code.charAt(i) == '"') {
        // Copy a string literal whole, so "//" inside it is not taken for a comment.
        int end = i + 1;
        while (end < code.length() && code.charAt(end) != '"') {
          end += code.charAt(end) == '\\' ? 2 : 1;
        }
        end = Math.min(end + 1, code.length());
        out.append(code, i, end);
        i = end;
      } else {
        out.append(code.charAt(i++));
      }
    }
    return out.toString();
  }
}
