package io.lifeline.agents.provider;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Recognises a model's refusal by how it opens. Refusals are short and say so in their first
 * sentence ("I'm sorry, but I can't help with that."); an article that merely contains "I cannot"
 * somewhere is not one, so only the opening counts, and only in text short enough to be a refusal.
 */
final class Refusals {

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
      "^i " + CANNOT + " (?:comply|provide|fulfil|do that|do this|create|write|generate|produce|continue)\\b",
      "^as an ai(?: language model| model| assistant)?,? i " + CANNOT,
      "^unfortunately,? i " + CANNOT));

  private Refusals() {}

  static boolean isRefusal(String text) {
    String stripped = text.strip();
    if (stripped.isEmpty() || stripped.length() > MAX_REFUSAL_CHARS) {
      return false;
    }
    String opening = stripped.substring(0, Math.min(OPENING_CHARS, stripped.length()))
        .replace('\u2019', '\'') // typographic apostrophes, which models like
        .toLowerCase(Locale.ROOT);
    return OPENINGS.matcher(opening).find();
  }
}
