package dev.labyrinth.emulator.cli;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;

/**
 * The parameter combinations of a sweep: each {@code --set KEY=V1,V2,...} is an axis, and the
 * combinations are their cartesian product, the first axis varying slowest (like nested loops in
 * command-line order). A value list is split on top-level commas only, so
 * {@code vm.lowmem_reserve_ratio=[256,256,32]} stays one value.
 */
final class SweepGrid {

  /** Most combinations a grid may have, so a typo cannot ask for a billion runs unnoticed. */
  static final int MAX_COMBINATIONS = 1_000_000;

  private final ImmutableList<ImmutableList<String>> combinations;

  private SweepGrid(ImmutableList<ImmutableList<String>> combinations) {
    this.combinations = combinations;
  }

  static SweepGrid of(List<String> sets) throws BadInputException {
    List<List<String>> combos = new ArrayList<>();
    combos.add(List.of());
    for (String set : sets) {
      int eq = set.indexOf('=');
      if (eq <= 0) {
        throw new BadInputException("--set " + set + ": expected KEY=VALUE[,VALUE...]");
      }
      String key = set.substring(0, eq);
      List<String> values = splitTopLevel(set.substring(eq + 1));
      List<List<String>> next = new ArrayList<>();
      for (List<String> combo : combos) {
        for (String value : values) {
          List<String> extended = new ArrayList<>(combo);
          extended.add(key + "=" + value);
          next.add(extended);
        }
      }
      if (next.size() > MAX_COMBINATIONS) {
        throw new BadInputException("--set: more than " + MAX_COMBINATIONS + " combinations");
      }
      combos = next;
    }
    ImmutableList.Builder<ImmutableList<String>> built = ImmutableList.builder();
    combos.forEach(c -> built.add(ImmutableList.copyOf(c)));
    return new SweepGrid(built.build());
  }

  ImmutableList<ImmutableList<String>> combinations() {
    return combinations;
  }

  /** Splits on commas outside brackets, braces and quotes; empty values are kept (and rejected by validation). */
  static List<String> splitTopLevel(String text) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    char quote = 0;
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '[' || c == '{') {
        depth++;
      } else if (c == ']' || c == '}') {
        depth--;
      } else if (c == ',' && depth == 0) {
        parts.add(text.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(text.substring(start));
    return parts;
  }
}
