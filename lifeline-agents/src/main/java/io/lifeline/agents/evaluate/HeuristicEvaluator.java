package io.lifeline.agents.evaluate;

import io.lifeline.agents.safety.Refusals;
import io.lifeline.agents.text.Keywords;
import io.lifeline.model.HeuristicOptions;
import io.lifeline.model.Output;
import io.lifeline.quality.QualityEvaluator;
import io.lifeline.quality.Score;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Scores text with cheap, explainable heuristics, the way a newsroom's first reader would: is
 * there anything, is it a refusal, does it repeat itself, is it the right length, is it about the
 * prompt.
 *
 * <p>Blank output scores 0 and a refusal 0.05. Otherwise the score is the product of three
 * factors in [0, 1] — repetition, length and keyword coverage — and, when an instance
 * {@linkplain #expectingLanguage expects a language}, a fourth: 1 for that language, 0.5 when
 * {@link Languages} cannot tell, 0 for another one. The reason names the factor that pulled the
 * score down most. Output that is not text is only checked for emptiness. Thread-safe and
 * allocation-light: it runs on the attempt's thread.
 */
public final class HeuristicEvaluator implements QualityEvaluator {

  /** The name quality gates use for the default instance. */
  public static final String DEFAULT_NAME = HeuristicOptions.NAME;

  /** Under this share of repeated word trigrams prose is normal: essays reuse a few phrases. */
  static final double REPETITION_TOLERATED = 0.10;
  /** Over this share the text is mostly a loop. */
  static final double REPETITION_FATAL = 0.40;
  /** A refusal is not empty, but it is never what the step asked for. */
  static final double REFUSAL_SCORE = 0.05;

  private static final int NGRAM = 3;

  /** Undetermined is not wrong, but a gate should not be sure of a text it cannot read. */
  static final double UNDETERMINED_LANGUAGE = 0.5;

  private final String name;
  private final int minWords;
  private final int maxWords;
  /** The ISO 639-1 code the text must be in, or null for no language check. */
  private final String language;

  /**
   * @param name what quality gates call this evaluator (steps with different length bounds use
   *     differently named instances)
   * @param minWords shorter text scores {@code words / minWords} on length
   * @param maxWords longer text scores {@code maxWords / words} on length
   */
  public HeuristicEvaluator(String name, int minWords, int maxWords) {
    this(name, minWords, maxWords, null);
  }

  private HeuristicEvaluator(String name, int minWords, int maxWords, String language) {
    if (minWords < 0 || maxWords < Math.max(1, minWords)) {
      throw new IllegalArgumentException(
          "evaluator '" + name + "': need 0 <= minWords <= maxWords and maxWords >= 1, was " + minWords + ".." + maxWords);
    }
    this.name = name;
    this.minWords = minWords;
    this.maxWords = maxWords;
    this.language = language;
  }

  /** Named {@value #DEFAULT_NAME}. */
  public HeuristicEvaluator(int minWords, int maxWords) {
    this(DEFAULT_NAME, minWords, maxWords);
  }

  /** The instance a step's {@code quality.heuristic} settings ask for, named {@link HeuristicOptions#evaluatorName()}. */
  public static HeuristicEvaluator of(HeuristicOptions options) {
    var evaluator = new HeuristicEvaluator(options.evaluatorName(), options.minWords(), options.maxWords());
    return options.language().map(evaluator::expectingLanguage).orElse(evaluator);
  }

  /**
   * This evaluator, also checking that text is written in {@code language} (a step's {@code lang}
   * expectation).
   *
   * @param language an ISO 639-1 code among {@link Languages#SUPPORTED}
   */
  public HeuristicEvaluator expectingLanguage(String language) {
    if (!Languages.SUPPORTED.contains(language)) {
      throw new IllegalArgumentException("evaluator '" + name + "': language must be one of "
          + new TreeSet<>(Languages.SUPPORTED) + ", was '" + language + "'");
    }
    return new HeuristicEvaluator(name, minWords, maxWords, language);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Score evaluate(String prompt, Output output) {
    var precheck = TextOnly.precheck(output, "only checked for emptiness");
    if (precheck.isPresent()) {
      return precheck.get();
    }
    String text = output.text();
    var refusal = Refusals.find(text);
    if (refusal.isPresent()) {
      return new Score(REFUSAL_SCORE, "refusal: '" + refusal.get() + "'");
    }
    List<String> words = Keywords.words(text);
    Factor repetition = repetition(words);
    Factor length = length(words.size());
    Factor coverage = coverage(prompt, new HashSet<>(words));
    Factor lang = language(text);
    double value = repetition.value * length.value * coverage.value * lang.value;
    Factor driver = min(min(repetition, length), min(coverage, lang));
    String reason = driver.value >= 1
        ? String.format(Locale.ROOT, "ok: %d words, %s, %s%s", words.size(), repetition.detail, coverage.detail,
            lang.detail.isEmpty() ? "" : ", " + lang.detail)
        : driver.detail;
    return new Score(value, reason);
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

  private Factor language(String text) {
    if (language == null) {
      return new Factor(1, "");
    }
    String found = Languages.identify(text);
    if (found.equals(language)) {
      return new Factor(1, "language " + found);
    }
    if (found.equals(Languages.UNDETERMINED)) {
      return new Factor(UNDETERMINED_LANGUAGE, "language undetermined, expected " + language);
    }
    return new Factor(0, "language " + found + ", expected " + language);
  }

  private static Factor min(Factor a, Factor b) {
    return b.value < a.value ? b : a;
  }

  private static double clamp(double value) {
    return Math.max(0, Math.min(1, value));
  }

  private record Factor(double value, String detail) {}
}
