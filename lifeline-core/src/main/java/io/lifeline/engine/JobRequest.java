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
 * @param idempotencyKey submitting twice with the same key yields the same job; empty = none
 * @param budget empty = the engine's default budget
 */
public record JobRequest(String workflow, Map<String, String> input, Optional<String> idempotencyKey,
    Optional<Budget> budget) {

  public JobRequest {
    Objects.requireNonNull(workflow, "workflow");
    input = Map.copyOf(input);
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    Objects.requireNonNull(budget, "budget");
  }

  public static JobRequest of(String workflow, Map<String, String> input) {
    return new JobRequest(workflow, input, Optional.empty(), Optional.empty());
  }

  public JobRequest withIdempotencyKey(String key) {
    return new JobRequest(workflow, input, Optional.of(key), budget);
  }

  public JobRequest withBudget(Budget value) {
    return new JobRequest(workflow, input, idempotencyKey, Optional.of(value));
  }
}
