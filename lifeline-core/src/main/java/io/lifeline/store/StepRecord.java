package io.lifeline.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The durable row of one step of one job.
 *
 * @param attempt the current attempt number, the fencing token (0 before the first attempt)
 * @param agentId the agent running or that ran the current attempt; empty before the first
 * @param variant the fallback variant in use (0 = the step as declared)
 * @param notBefore while WAITING_RETRY, when it becomes READY again
 * @param preferredAgent the agent recovery chose for the next attempt, if any
 * @param history the step's finished attempts, oldest first
 * @param reason why it failed; empty otherwise
 */
public record StepRecord(
    String jobId,
    String stepId,
    StepState state,
    int attempt,
    String agentId,
    int variant,
    Optional<Instant> notBefore,
    String preferredAgent,
    List<AttemptRecord> history,
    String reason) {

  public StepRecord {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(stepId, "stepId");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(agentId, "agentId");
    Objects.requireNonNull(notBefore, "notBefore");
    Objects.requireNonNull(preferredAgent, "preferredAgent");
    history = List.copyOf(history);
    Objects.requireNonNull(reason, "reason");
  }
}
