package io.lifeline.model;

import io.lifeline.checkpoint.CheckpointKind;
import io.lifeline.checkpoint.RestoredState;
import io.lifeline.time.Ticker;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Everything one attempt may see and do. One context per attempt; it is fenced by the attempt
 * number, so calls made after the attempt was superseded (timed out, agent declared dead,
 * cancelled) are rejected by the coordinator and recorded as stale (I3).
 */
public interface AttemptContext {

  String jobId();

  String stepId();

  /** 1 for the first attempt of the step, then 2, 3, … across retries and replacements. */
  int attempt();

  /**
   * {@code jobId/stepId/attempt}: send it with anything that leaves the process so that the
   * other side can deduplicate.
   */
  default String idempotencyKey() {
    return jobId() + "/" + stepId() + "/" + attempt();
  }

  /** The step's prompt with {@code {{name}}} placeholders filled from job input and upstream outputs. */
  String prompt();

  /** The step's parameters, with the active fallback variant's overrides applied. */
  Map<String, String> params();

  /** The outputs of the steps this one depends on, by step id (loaded from the store). */
  Map<String, Output> inputs();

  /** The job's input values. */
  Map<String, String> jobInput();

  /** The checkpoint state to resume from, if an earlier attempt of this step saved one. */
  Optional<RestoredState> resumeFrom();

  /**
   * Saves a checkpoint. Asynchronous: the future completes once the checkpoint is durable, or
   * exceptionally if this attempt is stale. Agents need not wait for it.
   *
   * @param progress the agent's measure of work done so far (chunks, tokens, …)
   */
  CompletableFuture<Void> checkpoint(CheckpointKind kind, byte[] state, long progress);

  /** Tells the coordinator this attempt is alive: extends its no-progress deadline. */
  void heartbeat();

  /**
   * A heartbeat that also reports how much work is done (chunks, tokens, …), so that work done
   * after the last checkpoint is counted as redone if the attempt fails.
   */
  default void progress(long units) {
    heartbeat();
  }

  /**
   * Reports what the attempt has consumed so far (tokens streamed, cost), so that the job is
   * charged even if the attempt then fails (I4). A successful attempt is charged its
   * {@link Output#usage()} instead; call this with running totals, not increments.
   */
  default void reportUsage(Usage soFar) {}

  /**
   * The tokens, input and output, that this attempt may use of its job's budget: the budget less
   * what the job spent when the attempt started; empty when the job has no token limit. A
   * {@code maxTokens} the step sets in {@link #params()} is already capped to it; agents cap their
   * own default with {@link GenerationParams#capOutput} and also count a request's input against
   * it. Attempts running at the same time each see the whole rest: the runtime stops them all once
   * their reported usage together goes past the budget ({@link #reportUsage}).
   */
  default java.util.OptionalLong tokensLeft() {
    return java.util.OptionalLong.empty();
  }

  /** How often the agent should checkpoint, from Young/Daly with measured failure rate and cost. */
  Duration suggestedCheckpointInterval();

  /** True once the attempt was cancelled or superseded; the agent should stop. */
  boolean isCancelled();

  /**
   * Once cancelled, the failure the runtime charged this attempt with, if it was stopped for its own
   * fault: {@code TIMEOUT} when a deadline passed (a hang the agent may not have seen itself),
   * {@code AGENT_LOST} when its agent was declared dead. Empty while running, and when the attempt
   * is merely no longer needed (a hedge won, the job ended). Agents that keep a provider's health
   * report the first as a failed call and the second not at all.
   */
  default Optional<Failure> cancelledFor() {
    return Optional.empty();
  }

  /** The runtime's ticker, so agents measure time on the same clock the tests control. */
  Ticker ticker();
}
