package io.lifeline.engine;

import io.lifeline.store.JobRecord;
import io.lifeline.store.StepRecord;
import java.util.List;
import java.util.Map;

/**
 * An unfinished job as the store holds it after a restart.
 *
 * @param newestCheckpoints per step id, the seq and progress of its newest checkpoint
 */
public record RecoveredJob(JobRecord job, List<StepRecord> steps, Map<String, CheckpointMark> newestCheckpoints) {

  /** The newest checkpoint of a step: where the next attempt resumes. */
  public record CheckpointMark(long seq, long progress) {}
}
