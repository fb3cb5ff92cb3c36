package io.lifeline.model;

import java.util.Objects;

/**
 * A step's acceptance test: the named evaluator scores each output in [0, 1]; a score under
 * {@code minScore} fails the attempt as {@code LOW_QUALITY} and the output is not accepted.
 */
public record QualityGate(String evaluator, double minScore) {

  public QualityGate {
    Objects.requireNonNull(evaluator, "evaluator");
    if (evaluator.isBlank()) {
      throw new IllegalArgumentException("evaluator must not be blank, was '" + evaluator + "'");
    }
    if (!(minScore >= 0 && minScore <= 1)) {
      throw new IllegalArgumentException("minScore must be within [0, 1], was " + minScore);
    }
  }
}
