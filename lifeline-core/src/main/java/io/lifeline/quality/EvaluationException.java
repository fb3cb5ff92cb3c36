package io.lifeline.quality;

import io.lifeline.model.FailureKind;
import java.util.Objects;

/**
 * Thrown by a {@link QualityEvaluator} that could not reach a verdict: a judge that answered
 * nonsense, a judge service that was down, a quorum that did not get enough votes. It is the
 * evaluator's failure, not the output's: the output under review was neither accepted nor found
 * wanting, so the runtime must not blame the agent that wrote it with {@code LOW_QUALITY}.
 */
public class EvaluationException extends RuntimeException {

  private final String evaluator;
  private final FailureKind kind;

  /**
   * @param evaluator the name of the evaluator that failed
   * @param kind what went wrong with the evaluator itself, e.g. {@code INVALID_OUTPUT} for a judge
   *     whose answer could not be parsed, {@code TRANSIENT} for one whose call failed
   */
  public EvaluationException(String evaluator, FailureKind kind, String message, Throwable cause) {
    super("evaluator '" + evaluator + "' " + kind + ": " + message, cause);
    this.evaluator = Objects.requireNonNull(evaluator, "evaluator");
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public EvaluationException(String evaluator, FailureKind kind, String message) {
    this(evaluator, kind, message, null);
  }

  /** The name of the evaluator that failed. */
  public String evaluator() {
    return evaluator;
  }

  /** What went wrong with the evaluator (not with the output it was asked to score). */
  public FailureKind kind() {
    return kind;
  }
}
