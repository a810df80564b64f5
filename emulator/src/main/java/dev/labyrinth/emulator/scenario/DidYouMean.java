package dev.labyrinth.emulator.scenario;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Suggests the known key a misspelt one was probably meant to be. */
final class DidYouMean {
  /** Suggestions further than this many edits away are more confusing than helpful. */
  static final int MAX_DISTANCE = 2;

  private DidYouMean() {}

  /**
   * The closest candidate within {@link #MAX_DISTANCE} edits (ignoring case), first in the list on
   * a tie; empty when none is close, or when the typo is as long as the distance (a one-letter key
   * is "close" to everything).
   */
  static Optional<String> suggest(String typed, List<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    String lowerTyped = typed.toLowerCase(Locale.ROOT);
    for (String candidate : candidates) {
      int d = distance(lowerTyped, candidate.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    if (best == null || bestDistance > MAX_DISTANCE || bestDistance >= typed.length()) {
      return Optional.empty();
    }
    return Optional.of(best);
  }

  /** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        int best = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          best = Math.min(best, d[i - 2][j - 2] + 1);
        }
        d[i][j] = best;
      }
    }
    return d[a.length()][b.length()];
  }
}
