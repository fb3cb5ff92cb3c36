package io.lifeline.model;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A step's settings for the heuristic evaluator: the length its output should have and the
 * language it must be written in. A headline and an article need different bounds, so each step
 * that sets them is judged by its own instance of the evaluator.
 *
 * <p>Quality gates and the engine's registry know evaluators by name, so the settings are part of
 * the name ({@link #evaluatorName()}), as an LLM judge's agent is part of {@code judge:AGENT}: the
 * defaults are plain {@value #NAME}, anything else reads like
 * {@code heuristic:words=5..40,language=en}. Steps with equal settings share one instance, and the
 * job's history says which bounds judged each output.
 *
 * @param minWords shorter output loses score in proportion ({@code words / minWords}), >= 0
 * @param maxWords longer output loses score in proportion ({@code maxWords / words}),
 *     >= max(1, minWords)
 * @param language the ISO 639-1 code the output must be written in, one of {@link #LANGUAGES};
 *     empty for no language check
 */
public record HeuristicOptions(int minWords, int maxWords, Optional<String> language) {

  /** The evaluator's name with the default settings. */
  public static final String NAME = "heuristic";

  /** A paragraph at least: most steps write prose. */
  public static final int DEFAULT_MIN_WORDS = 50;
  /** A long article at most. */
  public static final int DEFAULT_MAX_WORDS = 5000;

  /** Bounds for a paragraph to a long article, no language check. */
  public static final HeuristicOptions DEFAULT =
      new HeuristicOptions(DEFAULT_MIN_WORDS, DEFAULT_MAX_WORDS, Optional.empty());

  /**
   * The languages the heuristic evaluator can recognise (by script, or by function words), so the
   * ones a step may require. Listed here, where workflows are validated, so that a step asking for
   * one it cannot recognise is refused with the workflow's line rather than when it runs.
   */
  public static final Set<String> LANGUAGES = Set.of("en", "de", "fr", "es", "it", "zh", "ja", "ko");

  private static final Pattern SETTINGS = Pattern.compile(
      Pattern.quote(NAME) + ":words=(0|[1-9][0-9]{0,9})\\.\\.([1-9][0-9]{0,9})(?:,language=([a-z]{2}))?");

  public HeuristicOptions {
    Objects.requireNonNull(language, "language");
    if (minWords < 0) {
      throw new IllegalArgumentException("minWords must be >= 0, was " + minWords);
    }
    if (maxWords < 1) {
      throw new IllegalArgumentException("maxWords must be >= 1, was " + maxWords);
    }
    if (minWords > maxWords) {
      throw new IllegalArgumentException("minWords must not exceed maxWords, was " + minWords + " > " + maxWords);
    }
    if (language.isPresent() && !LANGUAGES.contains(language.get())) {
      throw new IllegalArgumentException("language must be one of " + String.join(", ", new TreeSet<>(LANGUAGES))
          + ", was '" + language.get() + "'");
    }
  }

  /**
   * The name of the evaluator that judges with these settings: {@value #NAME} for the defaults,
   * else {@code heuristic:words=MIN..MAX} with {@code ,language=CODE} when a language is required.
   * {@link #ofEvaluatorName} reads it back.
   */
  public String evaluatorName() {
    if (equals(DEFAULT)) {
      return NAME;
    }
    return NAME + ":words=" + minWords + ".." + maxWords + language.map(code -> ",language=" + code).orElse("");
  }

  /**
   * The settings that {@code name} stands for, if it is an {@link #evaluatorName()} — exactly as
   * that method writes it, so that two spellings never name two instances with one setting.
   */
  public static Optional<HeuristicOptions> ofEvaluatorName(String name) {
    if (name.equals(NAME)) {
      return Optional.of(DEFAULT);
    }
    Matcher m = SETTINGS.matcher(name);
    if (!m.matches()) {
      return Optional.empty();
    }
    long min = Long.parseLong(m.group(1));
    long max = Long.parseLong(m.group(2));
    if (max > Integer.MAX_VALUE || min > max) {
      return Optional.empty();
    }
    try {
      var options = new HeuristicOptions((int) min, (int) max, Optional.ofNullable(m.group(3)));
      return options.evaluatorName().equals(name) ? Optional.of(options) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Whether {@code name} is meant as the heuristic evaluator with settings ({@code heuristic:…}). */
  public static boolean isConfiguredName(String name) {
    return name.startsWith(NAME + ":");
  }
}
