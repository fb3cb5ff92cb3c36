package io.lifeline.store;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The durable row of one job.
 *
 * @param attemptsUsed attempts started over all steps, counted against {@link Budget#maxAttempts()}
 * @param tokensUsed tokens reported by all attempts, failed ones included
 * @param costUsed cost reported by all attempts, failed ones included
 * @param reason why it failed or was cancelled; empty otherwise
 */
public record JobRecord(
    String jobId,
    String workflow,
    Map<String, String> input,
    String idempotencyKey,
    JobState state,
    Budget budget,
    int attemptsUsed,
    long tokensUsed,
    double costUsed,
    Instant submittedAt,
    Optional<Instant> finishedAt,
    String reason) {

  public JobRecord {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(workflow, "workflow");
    input = Map.copyOf(input);
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(budget, "budget");
    Objects.requireNonNull(submittedAt, "submittedAt");
    Objects.requireNonNull(finishedAt, "finishedAt");
    Objects.requireNonNull(reason, "reason");
  }
}
