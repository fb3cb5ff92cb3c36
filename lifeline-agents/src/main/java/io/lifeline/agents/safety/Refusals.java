package io.lifeline.agents.safety;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How chat models say no. One rule, shared by the heuristic evaluator (a refusal scores near 0),
 * the safety filter (a refusal fails the attempt as {@code REFUSED}) and the provider failure
 * classifier, so that all three agree on what a refusal is.
 *
 * <p>A refusal says so in its opening sentence ("I'm sorry, but I can't help with that.") and runs
 * to a paragraph or two. An article that merely contains "I cannot" or quotes "as an AI model"
 * somewhere is content, not a refusal: only the opening of a short text counts. Matching is
 * case-insensitive, with typographic apostrophes read as plain ones.
 */
public final class Refusals {

  /** Refusals run to a paragraph or two; a long text that opens apologetically is content. */
  static final int MAX_REFUSAL_CHARS = 1200;
  /** The opening sentence, where the refusal is said. */
  private static final int OPENING_CHARS = 200;

  private static final String CANNOT = "(?:can ?not|can't|am unable to|am not able to|won't|will not|must decline to)";
  private static final Pattern OPENINGS = Pattern.compile(String.join("|",
      "^(?:i'm|i am|i'm really|i am really) sorry,? (?:but )?(?:i|we) " + CANNOT,
      "^(?:sorry|i apologi[sz]e),? (?:but )?i " + CANNOT,
      // "I cannot help with that", but not "I cannot help but notice…"
      "^i " + CANNOT + " (?:help|assist)(?: you)?(?: with|[.,!]|$)",
      "^i " + CANNOT + " (?:comply|provide|fulfil|fulfill|do that|do this|create|write|generate|produce|continue)\\b",
      "^as an ai(?: language model| model| assistant)?,? i " + CANNOT,
      "^unfortunately,? i " + CANNOT));

  private Refusals() {}

  /** The refusing opening of {@code text}, lower-cased; empty when it is not a refusal. */
  public static Optional<String> find(String text) {
    String stripped = text.strip();
    if (stripped.isEmpty() || stripped.length() > MAX_REFUSAL_CHARS) {
      return Optional.empty();
    }
    String opening = stripped.substring(0, Math.min(OPENING_CHARS, stripped.length()))
        .replace('\u2019', '\'') // typographic apostrophes, which models like
        .toLowerCase(Locale.ROOT);
    Matcher m = OPENINGS.matcher(opening);
    return m.find() ? Optional.of(m.group()) : Optional.empty();
  }

  public static boolean isRefusal(String text) {
    return find(text).isPresent();
  }
}
