package io.lifeline.workflow;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Suggests which known name a user probably meant when they typed an unknown one. */
public final class Spelling {

  private Spelling() {}

  /**
   * The known name closest to {@code typed}, if it is close enough to be a typo: at most one edit
   * per three letters of the known name (so {@code promt} finds {@code prompt} and {@code retry}
   * finds {@code retries}, but {@code mode} does not find {@code kind}). Case, {@code _} and
   * {@code -} are ignored, so {@code no_progress_timeout} finds {@code noProgressTimeout}. Ties go
   * to the name listed first.
   */
  public static Optional<String> nearest(String typed, Collection<String> known) {
    String wanted = normalize(typed);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      String normal = normalize(candidate);
      int allowed = Math.max(1, (normal.length() + 2) / 3);
      // The length gap bounds the distance from below; checking it first keeps a huge typed key cheap.
      if (Math.abs(wanted.length() - normal.length()) > allowed) {
        continue;
      }
      int d = distance(wanted, normal);
      if (d <= allowed && d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return Optional.ofNullable(best);
  }

  /** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
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
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }

  private static String normalize(String name) {
    return name.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
  }
}
