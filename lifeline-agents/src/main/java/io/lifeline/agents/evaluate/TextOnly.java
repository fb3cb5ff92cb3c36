package io.lifeline.agents.evaluate;

import io.lifeline.model.Output;
import io.lifeline.quality.Score;
import java.util.Optional;

/**
 * The verdict every text evaluator gives before it looks at the text: an empty output scores 0,
 * and an output that is not text scores 1 (it passes: this evaluator cannot judge it, and a gate
 * should not reject an image because a text judge was asked).
 */
final class TextOnly {

  private TextOnly() {}

  /** The score to return at once, or empty when the output is text worth evaluating. */
  static Optional<Score> precheck(Output output, String notJudged) {
    if (output.isBlank()) {
      return Optional.of(new Score(0, "empty output"));
    }
    if (!output.isText()) {
      return Optional.of(new Score(1, "not text (" + output.mediaType() + "): " + notJudged));
    }
    return Optional.empty();
  }
}
