package io.lifeline.model;

import java.util.Objects;

/**
 * Thrown by an {@link Agent} to report a failure it has already classified (a 429, a refusal, an
 * out-of-memory on the GPU). Anything else an agent throws is classified by
 * {@link FailureClassifier}.
 */
public class AgentFailureException extends RuntimeException {

  private final transient Failure failure;

  public AgentFailureException(Failure failure) {
    super(failure.kind() + ": " + failure.message());
    this.failure = Objects.requireNonNull(failure, "failure");
  }

  public AgentFailureException(FailureKind kind, String message) {
    this(Failure.of(kind, message));
  }

  public Failure failure() {
    return failure;
  }
}
