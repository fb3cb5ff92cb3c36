package io.lifeline.agents.evaluate;

import io.lifeline.agents.text.Keywords;
import io.lifeline.model.Output;
import io.lifeline.quality.QualityEvaluator;
import io.lifeline.quality.Score;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Scores text with cheap, explainable heuristics, the way a newsroom's first reader would: is
 * there anything, is it a refusal, does it repeat itself, is it the right length, is it about the
 * prompt.
 *
 * <p>Blank output scores 0 and a refusal 0.05. Otherwise the score is the product of three
 * factors in [0, 1] — repetition, length and keyword coverage — and the reason names the factor
 * that pulled it down most. Output that is not text is only checked for emptiness. Thread-safe
 * and allocation-light: it runs on the attempt's thread.
 */
public final class HeuristicEvaluator implements QualityEvaluator {

  /** The name quality gates use for the default instance. */
  public static final String DEFAULT_NAME = "heuristic";

  /** Under this share of repeated word trigrams prose is normal: essays reuse a few phrases. */
  static final double REPETITION_TOLERATED = 0.10;
  /** Over this share the text is mostly a loop. */
  static final double REPETITION_FATAL = 0.40;
  /** A refusal is not empty, but it is never what the step asked for. */
  static final double REFUSAL_SCORE = 0.05;

  private static final int NGRAM = 3;

  private static final List<String> REFUSALS = List.of(
      "i'm sorry, but i can't", "i am sorry, but i cannot", "i'm sorry, but i cannot",
      "as an ai language model", "as an ai model", "i cannot help with", "i can't help with",
      "i can't assist with", "i cannot assist with", "i'm unable to help", "i am unable to help",
      "i cannot comply", "i can't comply", "i won't be able to help");

  private final String name;
  private final int minWords;
  private final int maxWords;

  /**
   * @param name what quality gates call this evaluator (steps with different length bounds use
   *     differently named instances)
   * @param minWords shorter text scores {@code words / minWords} on length
   * @param maxWords longer text scores {@code maxWords / words} on length
   */
  public HeuristicEvaluator(String name, int minWords, int maxWords) {
    if (minWords < 0 || maxWords < Math.max(1, minWords)) {
      throw new IllegalArgumentException(
          "evaluator '" + name + "': need 0 <= minWords <= maxWords and maxWords >= 1, was " + minWords + ".." + maxWords);
    }
    this.name = name;
    this.minWords = minWords;
    this.maxWords = maxWords;
  }

  /** Named {@value #DEFAULT_NAME}. */
  public HeuristicEvaluator(int minWords, int maxWords) {
    this(DEFAULT_NAME, minWords, maxWords);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Score evaluate(String prompt, Output output) {
    if (output.isBlank()) {
      return new Score(0, "empty output");
    }
    if (!output.isText()) {
      return new Score(1, "not text (" + output.mediaType() + "): only checked for emptiness");
    }
    String text = output.text();
    String refusal = refusal(text);
    if (refusal != null) {
      return new Score(REFUSAL_SCORE, "refusal: '" + refusal + "'");
    }
    List<String> words = Keywords.words(text);
    Factor repetition = repetition(words);
    Factor length = length(words.size());
    Factor coverage = coverage(prompt, new HashSet<>(words));
    double value = repetition.value * length.value * coverage.value;
    Factor driver = min(repetition, min(length, coverage));
    String reason = driver.value >= 1
        ? String.format(Locale.ROOT, "ok: %d words, %s, %s", words.size(), repetition.detail, coverage.detail)
        : driver.detail;
    return new Score(value, reason);
  }

  private static String refusal(String text) {
    String normalised = text.toLowerCase(Locale.ROOT).replace('\u2019', '\'');
    for (String phrase : REFUSALS) {
      if (normalised.contains(phrase)) {
        return phrase;
      }
    }
    return null;
  }

  /** The share of word trigrams that repeat an earlier one: 0 for fresh prose, near 1 for a loop. */
  static double repeatedShare(List<String> words) {
    int total = words.size() - NGRAM + 1;
    if (total <= 0) {
      return 0;
    }
    Set<List<String>> seen = new HashSet<>();
    for (int i = 0; i < total; i++) {
      seen.add(words.subList(i, i + NGRAM));
    }
    return 1 - (double) seen.size() / total;
  }

  private static Factor repetition(List<String> words) {
    double share = repeatedShare(words);
    double value = clamp((REPETITION_FATAL - share) / (REPETITION_FATAL - REPETITION_TOLERATED));
    String detail = String.format(Locale.ROOT, "repetition %.2f", share);
    return new Factor(value, value < 1
        ? String.format(Locale.ROOT, "%s over %.2f", detail, REPETITION_TOLERATED) : detail);
  }

  private Factor length(int words) {
    if (words < minWords) {
      return new Factor((double) words / minWords, "too short: " + words + " words under " + minWords);
    }
    if (words > maxWords) {
      return new Factor((double) maxWords / words, "too long: " + words + " words over " + maxWords);
    }
    return new Factor(1, words + " words");
  }

  private static Factor coverage(String prompt, Set<String> words) {
    List<String> keywords = Keywords.of(prompt, Keywords.DEFAULT_LIMIT);
    if (keywords.isEmpty()) {
      return new Factor(1, "coverage n/a (prompt has no keywords)");
    }
    List<String> missing = keywords.stream().filter(k -> !Keywords.mentions(words, k)).toList();
    int covered = keywords.size() - missing.size();
    String detail = "coverage " + covered + "/" + keywords.size() + " keywords"
        + (missing.isEmpty() ? "" : " (missing: " + String.join(", ", missing) + ")");
    return new Factor((double) covered / keywords.size(), detail);
  }

  private static Factor min(Factor a, Factor b) {
    return b.value < a.value ? b : a;
  }

  private static double clamp(double value) {
    return Math.max(0, Math.min(1, value));
  }

  private record Factor(double value, String detail) {}
}
