package io.lifeline.engine;

import java.util.Objects;

/**
 * Names one attempt of one step. The attempt number is the fencing token (I3); {@link #toString()}
 * is the idempotency key {@code jobId/stepId/attempt}.
 */
public record AttemptKey(String jobId, String stepId, int attempt) {

  public AttemptKey {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(stepId, "stepId");
  }

  @Override
  public String toString() {
    return jobId + "/" + stepId + "/" + attempt;
  }
}
