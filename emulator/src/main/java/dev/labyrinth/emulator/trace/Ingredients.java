package dev.labyrinth.emulator.trace;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableSortedSet;
import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Which parts of a trace a fingerprint or a comparison looks at: a set of {@link Category}s and
 * keys to ignore (for example {@code latency_ns}). The full fingerprint is the SHA-256 of the
 * trace bytes; a selected one is the SHA-256 of the selected lines, each with the ignored keys
 * removed, each ending in {@code \n}. The header line is always selected.
 *
 * @param categories the selected categories, in declaration order
 * @param ignoredKeys keys removed from every line, sorted
 */
public record Ingredients(ImmutableSortedSet<Category> categories,
    ImmutableSortedSet<String> ignoredKeys) {

  /** Everything, nothing ignored: the full trace. */
  public static final Ingredients ALL = new Ingredients(
      ImmutableSortedSet.copyOf(EnumSet.allOf(Category.class)), ImmutableSortedSet.of());

  public Ingredients {
    checkArgument(!categories.isEmpty(), "select at least one category");
    checkArgument(!ignoredKeys.contains("ev"), "the key ev cannot be ignored: it names the event");
  }

  /**
   * Parses the command line's {@code --fingerprint mm,irq} (empty or absent: every category) and
   * {@code --ignore-field KEY[,KEY]} values; throws {@link IllegalArgumentException} naming the
   * known categories for a wrong one.
   */
  public static Ingredients parse(Optional<String> categories, List<String> ignoredKeys) {
    EnumSet<Category> selected = EnumSet.noneOf(Category.class);
    String list = categories.orElse("").trim();
    if (list.isEmpty() || list.equals("all")) {
      selected = EnumSet.allOf(Category.class);
    } else {
      for (String name : Splitter.on(',').trimResults().omitEmptyStrings().split(list)) {
        selected.add(category(name));
      }
    }
    ImmutableSortedSet.Builder<String> keys = ImmutableSortedSet.naturalOrder();
    for (String value : ignoredKeys) {
      keys.addAll(Splitter.on(',').trimResults().omitEmptyStrings().split(value));
    }
    return new Ingredients(ImmutableSortedSet.copyOf(selected), keys.build());
  }

  private static Category category(String name) {
    for (Category category : Category.values()) {
      if (category.label().equals(name.toLowerCase(Locale.ROOT))) {
        return category;
      }
    }
    throw new IllegalArgumentException("unknown fingerprint category '" + name + "'; known: "
        + java.util.Arrays.stream(Category.values()).map(Category::label)
            .collect(Collectors.joining(",")) + " (or all)");
  }

  /** Whether this selects the whole trace byte for byte. */
  public boolean isAll() {
    return categories.size() == Category.values().length && ignoredKeys.isEmpty();
  }

  /** What was selected, e.g. {@code mm,irq} or {@code all ignoring latency_ns}. */
  public String label() {
    String names = categories.size() == Category.values().length ? "all"
        : categories.stream().map(Category::label).collect(Collectors.joining(","));
    return ignoredKeys.isEmpty() ? names : names + " ignoring " + String.join(",", ignoredKeys);
  }

  /**
   * The line as this selection sees it, or {@code null} when its category is not selected. The
   * header (a line without {@code ev}) is always kept.
   */
  public String select(String line) {
    String event = TraceLines.eventName(line);
    if (!event.isEmpty() && !categories.contains(Category.of(event))) {
      return null;
    }
    return TraceLines.withoutKeys(line, ignoredKeys);
  }

  /** The selected fingerprint of a saved trace (plain or gzipped), {@code sha256:<hex>}. */
  public String fingerprint(Path trace) throws IOException {
    Hasher hasher = Hashing.sha256().newHasher();
    try (BufferedReader lines = TraceFiles.openReader(trace)) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        String selected = select(line);
        if (selected != null) {
          hasher.putString(selected, StandardCharsets.UTF_8).putByte((byte) '\n');
        }
      }
    }
    return Fingerprint.format(hasher.hash().asBytes());
  }

  /** The category labels, for help texts. */
  public static String known() {
    return java.util.Arrays.stream(Category.values()).map(Category::label)
        .collect(Collectors.joining(","));
  }
}
