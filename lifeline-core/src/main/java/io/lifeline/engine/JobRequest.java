package io.lifeline.engine;

import io.lifeline.store.Budget;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A job to submit.
 *
 * @param workflow the registered workflow's name
 * @param input values for the workflow's placeholders
 * @param jobId the id to give the job; empty = a fresh one from the engine's id source
 * @param idempotencyKey submitting twice with the same key yields the same job; empty = the job id
 * @param budget empty = the engine's default budget
 */
public record JobRequest(String workflow, Map<String, String> input, Optional<String> jobId,
    Optional<String> idempotencyKey, Optional<Budget> budget) {

  private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

  public JobRequest {
    Objects.requireNonNull(workflow, "workflow");
    input = Map.copyOf(input);
    Objects.requireNonNull(jobId, "jobId");
    jobId.ifPresent(id -> {
      if (!ID.matcher(id).matches()) {
        throw new IllegalArgumentException("jobId must match " + ID.pattern() + ", was '" + id + "'");
      }
    });
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    Objects.requireNonNull(budget, "budget");
  }

  public static JobRequest of(String workflow, Map<String, String> input) {
    return new JobRequest(workflow, input, Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** Names the job; resubmitting the same id returns the existing job (the id is its key). */
  public JobRequest withJobId(String id) {
    return new JobRequest(workflow, input, Optional.of(id), idempotencyKey, budget);
  }

  public JobRequest withIdempotencyKey(String key) {
    return new JobRequest(workflow, input, jobId, Optional.of(key), budget);
  }

  public JobRequest withBudget(Budget value) {
    return new JobRequest(workflow, input, jobId, idempotencyKey, Optional.of(value));
  }
}
