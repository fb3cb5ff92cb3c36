package io.lifeline.quality;

import java.util.Objects;

/**
 * An evaluator's verdict on one output.
 *
 * @param value in [0, 1]; higher is better
 * @param reason what drove the score, for the history ("repetition 0.62 over 0.30")
 */
public record Score(double value, String reason) {

  public Score {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException("score must be within [0, 1], was " + value);
    }
    Objects.requireNonNull(reason, "reason");
  }
}
