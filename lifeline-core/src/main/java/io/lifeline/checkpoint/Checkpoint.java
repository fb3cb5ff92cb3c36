package io.lifeline.checkpoint;

import java.time.Instant;
import java.util.Objects;

/**
 * One durable snapshot of a step's progress.
 *
 * @param jobId the job
 * @param stepId the step
 * @param attempt the attempt that wrote it (a fencing token: stale attempts cannot write)
 * @param seq increasing per step across attempts, so the latest checkpoint is the one to resume
 * @param at when it was saved
 * @param kind FULL, or a DELTA on top of the previous ones
 * @param state opaque bytes the agent understands
 * @param progress the agent's own measure of work done up to here (chunks, tokens, …), used to
 *     count work saved by resuming
 */
public record Checkpoint(
    String jobId,
    String stepId,
    int attempt,
    long seq,
    Instant at,
    CheckpointKind kind,
    byte[] state,
    long progress) {

  public Checkpoint {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(stepId, "stepId");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(state, "state");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be >= 1, was " + attempt);
    }
    if (progress < 0) {
      throw new IllegalArgumentException("progress cannot be negative: " + progress);
    }
  }
}
