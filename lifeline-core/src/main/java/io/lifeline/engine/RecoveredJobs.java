package io.lifeline.engine;

import io.lifeline.store.Store;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/** Reads what a restarting coordinator needs from the store: every unfinished job with its steps. */
public final class RecoveredJobs {

  private RecoveredJobs() {}

  public static List<RecoveredJob> load(Store store) {
    var recovered = new ArrayList<RecoveredJob>();
    for (var job : store.unfinishedJobs()) {
      var marks = new HashMap<String, RecoveredJob.CheckpointMark>();
      var steps = store.steps(job.jobId());
      for (var step : steps) {
        var checkpoints = store.checkpoints(job.jobId(), step.stepId());
        if (!checkpoints.isEmpty()) {
          var newest = checkpoints.getLast();
          marks.put(step.stepId(), new RecoveredJob.CheckpointMark(newest.seq(), newest.progress()));
        }
      }
      recovered.add(new RecoveredJob(job, steps, marks));
    }
    return recovered;
  }
}
