package io.lifeline.engine;

import io.lifeline.store.JobRecord;
import io.lifeline.store.StepRecord;
import java.util.List;
import java.util.Map;

/**
 * An unfinished job as the store holds it after a restart.
 *
 * @param checkpoints per step id, its kept checkpoints oldest first (without their state)
 */
public record RecoveredJob(JobRecord job, List<StepRecord> steps, Map<String, List<CheckpointMark>> checkpoints) {

  /** A kept checkpoint: its seq, the attempt that wrote it and the progress it recorded. */
  public record CheckpointMark(long seq, int attempt, long progress) {}
}
