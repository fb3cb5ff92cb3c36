package io.lifeline.engine;

import io.lifeline.checkpoint.CheckpointKind;
import io.lifeline.model.AgentSpec;
import io.lifeline.model.Failure;
import io.lifeline.model.Output;
import io.lifeline.model.Usage;
import io.lifeline.store.Budget;
import java.util.Map;

/**
 * Everything that can happen to the coordinator. Inputs that expect an answer carry a
 * {@code ticket}; the answer is an {@link Effects.Ack} or {@link Effects.Refusal} with that ticket,
 * released only after the batch is durable.
 */
public sealed interface Input {

  record Submit(long ticket, String jobId, String workflow, Map<String, String> input,
      String idempotencyKey, Budget budget) implements Input {}

  record Cancel(long ticket, String jobId, String reason) implements Input {}

  /** An agent (re)joined; a higher incarnation replaces the old one and fails its attempts. */
  record AgentJoined(AgentSpec spec, long incarnation) implements Input {}

  /** A direct liveness signal: the agent's process or connection is gone. */
  record AgentDown(String agentId, long incarnation, String why) implements Input {}

  record Heartbeat(String agentId, long incarnation) implements Input {}

  /** Progress of one attempt: extends its no-progress deadline. */
  record AttemptHeartbeat(AttemptKey key) implements Input {}

  /**
   * What a running attempt has consumed so far ({@link io.lifeline.model.AttemptContext#reportUsage}),
   * running totals: the coordinator adds it to the job's spend while the attempt runs, and stops the
   * job's attempts the moment the spend goes past the budget (I4).
   */
  record UsageReported(AttemptKey key, Usage soFar) implements Input {}

  record CheckpointOffered(long ticket, AttemptKey key, CheckpointKind kind, byte[] state, long progress)
      implements Input {}

  record AttemptSucceeded(AttemptKey key, Output output) implements Input {}

  /**
   * An evaluator's verdict on the attempt's output, reported before the outcome; NaN = abstained.
   *
   * @param usage what the evaluation consumed (an LLM judge's tokens and cost), charged to the job
   *     whether or not the attempt is still current (I4)
   */
  record QualityEvaluated(AttemptKey key, String evaluator, double score, boolean passed, String reason, Usage usage)
      implements Input {}

  /**
   * @param progress the last progress the attempt reported before it failed
   * @param usage what the attempt consumed before it failed, charged to the job's budget (I4)
   */
  record AttemptFailed(AttemptKey key, Failure failure, long progress, Usage usage) implements Input {
    public AttemptFailed(AttemptKey key, Failure failure, long progress) {
      this(key, failure, progress, Usage.NONE);
    }
  }
}
