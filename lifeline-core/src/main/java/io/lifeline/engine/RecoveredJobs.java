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
      var marks = new HashMap<String, List<RecoveredJob.CheckpointMark>>();
      var steps = store.steps(job.jobId());
      for (var step : steps) {
        marks.put(step.stepId(), store.checkpoints(job.jobId(), step.stepId()).stream()
            .map(c -> new RecoveredJob.CheckpointMark(c.seq(), c.attempt(), c.progress())).toList());
      }
      recovered.add(new RecoveredJob(job, steps, marks));
    }
    return recovered;
  }
}
