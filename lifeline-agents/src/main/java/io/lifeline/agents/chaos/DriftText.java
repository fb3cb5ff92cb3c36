package io.lifeline.agents.chaos;

import java.util.ArrayList;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a drifting model writes: the first half of its paragraphs as they were, then a slide into
 * advertising copy — fluent, varied, about the right length, and on nothing the prompt asked for.
 * A heuristic evaluator (length, repetition, refusals, language) passes it; only a judge that
 * compares the text with a reference notices. The copy is original, written for Lifeline.
 */
final class DriftText {

  static final String COPY = """
      Speaking of which, the new Aurora X5 smartphone changes everything you thought you knew about \
      mobile photography. Its triple-lens camera captures stunning low-light shots, and the upgraded \
      processor launches apps twice as fast as last year's model. Battery life now stretches past two \
      full days of streaming, gaming and video calls.

      Pre-order today and receive a free pair of wireless earbuds with active noise cancellation. Our \
      flexible monthly plans start at just a few dollars, with no hidden fees and a thirty-day \
      money-back guarantee. Trade in your old device for instant credit toward the upgrade you deserve.

      Customers love the sleek titanium frame, the scratch-resistant display and the all-new voice \
      assistant that books restaurants, answers emails and adjusts your smart thermostat. Don't miss \
      out: limited-edition colours are selling fast in stores and online, and the launch discount ends \
      this weekend.""";

  private static final Pattern PARAGRAPH_BREAK = Pattern.compile("\\n\\s*\\n");

  private DriftText() {}

  /**
   * {@code original} up to its first dropped paragraph — it keeps the first half of its paragraphs,
   * rounded up, byte for byte — then {@link #COPY}; empty when {@code original} has fewer than two
   * paragraphs.
   */
  static Optional<String> replacingTail(String original) {
    var starts = new ArrayList<Integer>(); // where each non-blank paragraph begins
    var breaks = PARAGRAPH_BREAK.matcher(original);
    int from = 0;
    boolean more;
    do {
      more = breaks.find();
      if (!original.substring(from, more ? breaks.start() : original.length()).isBlank()) {
        starts.add(from);
      }
      from = more ? breaks.end() : from;
    } while (more);
    if (starts.size() < 2) {
      return Optional.empty();
    }
    return Optional.of(original.substring(0, starts.get((starts.size() + 1) / 2)) + COPY);
  }
}
