package io.lifeline.quality;

import io.lifeline.model.Usage;
import java.util.Objects;

/**
 * An evaluator's verdict on one output.
 *
 * @param value in [0, 1]; higher is better
 * @param reason what drove the score, for the history ("repetition 0.62 over 0.30")
 * @param usage what reaching the verdict consumed (an LLM judge's tokens and cost); the engine
 *     charges it to the job of the attempt under review (I4). {@link Usage#NONE} for evaluators
 *     that run locally (heuristics, embeddings)
 */
public record Score(double value, String reason, Usage usage) {

  public Score {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException("score must be within [0, 1], was " + value);
    }
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(usage, "usage");
  }

  /** A score that cost nothing to reach. */
  public Score(double value, String reason) {
    this(value, reason, Usage.NONE);
  }
}
