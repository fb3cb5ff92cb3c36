package io.lifeline.quality;

import io.lifeline.model.FailureKind;
import io.lifeline.model.Usage;
import java.util.Objects;

/**
 * Thrown by a {@link QualityEvaluator} that could not reach a verdict: a judge that answered
 * nonsense, a judge service that was down, a quorum that did not get enough votes. It is the
 * evaluator's failure, not the output's: the output under review was neither accepted nor found
 * wanting, so the runtime must not blame the agent that wrote it with {@code LOW_QUALITY}.
 *
 * <p>Failing can still cost: a judge whose answer could not be read was paid for it. {@link #usage}
 * says what, and the engine charges it to the job like a score's usage (I4).
 */
public class EvaluationException extends RuntimeException {

  private final String evaluator;
  private final FailureKind kind;
  private final Usage usage;

  /**
   * @param evaluator the name of the evaluator that failed
   * @param kind what went wrong with the evaluator itself, e.g. {@code INVALID_OUTPUT} for a judge
   *     whose answer could not be parsed, {@code TRANSIENT} for one whose call failed
   * @param usage what the failed evaluation consumed anyway
   */
  public EvaluationException(String evaluator, FailureKind kind, String message, Throwable cause, Usage usage) {
    super("evaluator '" + evaluator + "' " + kind + ": " + message, cause);
    this.evaluator = Objects.requireNonNull(evaluator, "evaluator");
    this.kind = Objects.requireNonNull(kind, "kind");
    this.usage = Objects.requireNonNull(usage, "usage");
  }

  public EvaluationException(String evaluator, FailureKind kind, String message, Throwable cause) {
    this(evaluator, kind, message, cause, Usage.NONE);
  }

  public EvaluationException(String evaluator, FailureKind kind, String message) {
    this(evaluator, kind, message, null, Usage.NONE);
  }

  /** The name of the evaluator that failed. */
  public String evaluator() {
    return evaluator;
  }

  /** What went wrong with the evaluator (not with the output it was asked to score). */
  public FailureKind kind() {
    return kind;
  }

  /** What the evaluation consumed before it failed; {@link Usage#NONE} if nothing or unknown. */
  public Usage usage() {
    return usage;
  }
}
