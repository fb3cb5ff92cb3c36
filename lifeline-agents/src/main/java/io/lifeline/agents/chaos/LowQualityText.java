package io.lifeline.agents.chaos;

/**
 * What a degraded model writes: the same few generic sentences over and over, about nothing in
 * particular — repetitive and off-topic at once, as a model stuck in a loop is.
 */
final class LowQualityText {

  private static final String LOOP =
      "As I was saying, things are what they are. It is what it is, and that is all there is to it. "
          + "Everyone knows this, and nobody can deny it. ";
  /** Short loops would fail the length check first; the fault should be caught as repetition. */
  private static final int MIN_WORDS = 200;

  private LowQualityText() {}

  /** Degraded text about as long as {@code original}, and never short. */
  static String replacing(String original) {
    int words = Math.max(MIN_WORDS, original.split("\\s+").length);
    int loopWords = LOOP.split("\\s+").length;
    return LOOP.repeat((words + loopWords - 1) / loopWords).strip();
  }
}
