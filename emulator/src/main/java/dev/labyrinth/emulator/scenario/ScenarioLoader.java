package dev.labyrinth.emulator.scenario;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.hash.Hashing;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Loads a scenario file strictly: every problem is collected and reported at once, as
 * {@code file:line:col: path: message}, and nothing questionable is silently accepted.
 *
 * <p>Pipeline: size limit on the raw bytes, UTF-8 decoding, {@link YamlReader} (YAML-level
 * problems), {@link Overrides}, {@link Validator} against {@link ScenarioFields}, then
 * {@link ScenarioBuilder}'s cross-key checks. Only when all of them found nothing is the immutable
 * {@link Scenario} built.
 */
public final class ScenarioLoader {
  /** Largest accepted file, checked on the bytes before any parsing. */
  public static final int MAX_FILE_BYTES = 1 << 20;

  private static final Comparator<Problem> ORDER =
      Comparator.comparingInt((Problem p) -> p.source().equals(Overrides.SOURCE) ? 1 : 0)
          .thenComparingInt(Problem::line)
          .thenComparingInt(Problem::column);

  private ScenarioLoader() {}

  /**
   * Reads and parses a scenario file.
   *
   * @param file the file; its name as given becomes {@link Scenario#sourceName()}
   * @param overrides {@code key=value} strings from {@code --set}, applied in order
   */
  public static Scenario load(Path file, List<String> overrides) throws ScenarioException {
    checkNotNull(file, "file");
    checkNotNull(overrides, "overrides");
    String name = file.toString();
    byte[] bytes;
    try {
      long size = Files.size(file);
      if (size > MAX_FILE_BYTES) {
        throw tooLarge(name, size);
      }
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw single(name, "no such file");
    } catch (AccessDeniedException e) {
      throw single(name, "permission denied");
    } catch (IOException e) {
      throw single(name, Files.isDirectory(file) ? "is a directory, not a file" : "cannot read the file");
    }
    return ReplayFiles.resolve(parse(name, bytes, overrides), file);
  }

  /**
   * Parses scenario bytes.
   *
   * @param sourceName how to name the input in problems and in {@link Scenario#sourceName()}
   * @param bytes the raw file content, UTF-8
   * @param overrides {@code key=value} strings from {@code --set}, applied in order
   */
  public static Scenario parse(String sourceName, byte[] bytes, List<String> overrides)
      throws ScenarioException {
    checkNotNull(sourceName, "sourceName");
    checkNotNull(bytes, "bytes");
    checkNotNull(overrides, "overrides");
    ImmutableList<String> overrideList = ImmutableList.copyOf(overrides);
    if (bytes.length > MAX_FILE_BYTES) {
      throw tooLarge(sourceName, bytes.length);
    }
    String sha256 = Hashing.sha256().hashBytes(bytes).toString();
    String text = decode(sourceName, bytes);
    String yaml = text.startsWith("\uFEFF") ? text.substring(1) : text;

    List<Problem> problems = new ArrayList<>();
    YamlNode root =
        YamlReader.read(
            yaml, (line, column) -> new SourceMark(sourceName, line, column, 0), problems, "", null);
    if (root == null) {
      throw sorted(problems);
    }
    if (root instanceof YamlNode.Mapping mapping) {
      root = Overrides.apply(mapping, overrideList, problems);
    } else {
      problems.add(
          root.mark()
              .problem("", "the top level must be a mapping (key: value lines), got " + root.describe()));
      throw sorted(problems);
    }
    Object validated = new Validator(problems).validate(root, ScenarioFields.ROOT, "");
    if (validated instanceof ObjectValue value) {
      new ScenarioBuilder(problems).check(value);
      if (problems.isEmpty()) {
        return ScenarioBuilder.build(value, sourceName, text, sha256, overrideList);
      }
    }
    throw sorted(problems);
  }

  private static String decode(String sourceName, byte[] bytes) throws ScenarioException {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      int bad = firstInvalidUtf8(bytes);
      int line = 1;
      int lineStart = 0;
      for (int i = 0; i < bad; i++) {
        if (bytes[i] == '\n') {
          line++;
          lineStart = i + 1;
        }
      }
      throw new ScenarioException(
          ImmutableList.of(
              new Problem(
                  sourceName,
                  line,
                  bad - lineStart + 1,
                  "",
                  "the file is not valid UTF-8 (bad byte at offset " + bad + ")")));
    }
  }

  /** The offset of the first byte that does not start a valid UTF-8 sequence. */
  private static int firstInvalidUtf8(byte[] bytes) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length + 1);
    decoder.decode(in, out, true);
    return in.position();
  }

  private static ScenarioException tooLarge(String name, long size) {
    return single(
        name,
        "the file is " + size + " bytes; the limit is " + MAX_FILE_BYTES + " bytes ("
            + Units.formatSize(MAX_FILE_BYTES) + ")");
  }

  private static ScenarioException single(String name, String message) {
    return new ScenarioException(ImmutableList.of(new Problem(name, 1, 1, "", message)));
  }

  private static ScenarioException sorted(List<Problem> problems) {
    List<Problem> copy = new ArrayList<>(problems);
    copy.sort(ORDER);
    return new ScenarioException(copy);
  }
}
