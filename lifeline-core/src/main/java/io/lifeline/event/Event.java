package io.lifeline.event;

import io.lifeline.checkpoint.CheckpointKind;
import io.lifeline.model.FailureKind;
import java.time.Instant;
import java.util.Map;

/**
 * Something that happened, durable in the job's history (I7) and the feed for metrics, the CLI
 * and the dashboard. Job events carry their job id; agent events carry an empty one.
 */
public sealed interface Event {

  /** The job this event belongs to, or {@code ""} for agent events. */
  String jobId();

  Instant at();

  /** The record's simple name, e.g. {@code AttemptFailed}. */
  default String type() {
    return getClass().getSimpleName();
  }

  record JobSubmitted(String jobId, Instant at, String workflow, Map<String, String> input,
      String idempotencyKey) implements Event {}

  /**
   * An attempt went to an agent. {@code resumedSeq} is the checkpoint it resumes from, or -1;
   * {@code resumedProgress} is the progress that checkpoint had recorded.
   */
  record AttemptStarted(String jobId, Instant at, String stepId, int attempt, String agentId,
      String variant, long resumedSeq, long resumedProgress) implements Event {}

  record CheckpointSaved(String jobId, Instant at, String stepId, int attempt, long seq,
      CheckpointKind kind, int bytes, long progress) implements Event {}

  /**
   * An attempt ended without an accepted result. {@code progress} is the last progress the attempt
   * reported, so that progress above its last checkpoint counts as work redone; {@code tokens} and
   * {@code cost} are what it consumed, charged to the job's budget (I4).
   */
  record AttemptFailed(String jobId, Instant at, String stepId, int attempt, String agentId,
      FailureKind kind, String message, long progress, long checkpointedProgress, long tokens, double cost)
      implements Event {}

  /** The recovery chosen for a failed attempt: {@code action} is Retry, Replace, Fallback, Wait or DeadLetter. */
  record RecoveryDecided(String jobId, Instant at, String stepId, int failedAttempt, String action,
      String agentId, long delayMillis, String reason) implements Event {}

  /**
   * A result, checkpoint or heartbeat from an attempt other than the step's running one (I3).
   * {@code currentAttempt} is the attempt running now, or -1 when none is (the stale one already
   * failed and its successor has not started, or the job is over).
   */
  record StaleResultRejected(String jobId, Instant at, String stepId, int staleAttempt,
      int currentAttempt, String what, String agentId, long tokens, double cost) implements Event {}

  record StepSucceeded(String jobId, Instant at, String stepId, int attempt, String agentId,
      String variant, String mediaType, int bytes, long tokens, double cost) implements Event {}

  /**
   * One branch of a fan-out step succeeded; the step succeeds when enough have.
   *
   * @param variant the variant the branch ran ({@code primary} or a fallback's name)
   * @param branches how many branches of the step have succeeded, this one included
   */
  record BranchSucceeded(String jobId, Instant at, String stepId, int attempt, String agentId, String variant,
      int branches, int need, long tokens, double cost) implements Event {}

  record StepFailed(String jobId, Instant at, String stepId, String reason) implements Event {}

  /** {@code degradedSteps} names the optional steps that were dead-lettered, comma-separated, or "". */
  record JobSucceeded(String jobId, Instant at, String degradedSteps) implements Event {}

  /**
   * One evaluator's verdict on an attempt's output (a quality gate asks one or several); a NaN
   * score (JSON {@code null}) is an abstention.
   *
   * @param tokens what the evaluation consumed (an LLM judge's tokens; 0 for local evaluators),
   *     charged to the job on top of the attempt's own
   * @param cost the evaluation's cost units, likewise
   */
  record QualityScored(String jobId, Instant at, String stepId, int attempt, String evaluator, double score,
      boolean passed, String reason, long tokens, double cost) implements Event {}

  record JobFailed(String jobId, Instant at, String stepId, String reason) implements Event {}

  record JobCancelled(String jobId, Instant at, String reason) implements Event {}

  record AgentJoined(String jobId, Instant at, String agentId, long incarnation) implements Event {}

  record AgentSuspected(String jobId, Instant at, String agentId, double phi) implements Event {}

  record AgentRecovered(String jobId, Instant at, String agentId) implements Event {}

  record AgentDead(String jobId, Instant at, String agentId, String reason) implements Event {}

  /** {@code provider} is the quota group that cools down ({@code AgentSpec.quotaGroup()}). */
  record ProviderCooling(String jobId, Instant at, String provider, long untilMillis) implements Event {}
}
