package io.lifeline.sim;

import io.lifeline.event.Event;
import io.lifeline.store.JobState;
import io.lifeline.store.StepState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one run achieved and cost, for comparing policies on the same fault schedule.
 *
 * @param goodput useful work / all work executed (work of steps that succeeded, over every chunk run)
 * @param wastedChunks work executed that no successful step needed
 * @param recoverMs per failure, time from the failure to the step's next attempt
 * @param detectMs per injected fault that failed an attempt or killed an agent, time to detection
 * @param falseSuspicions suspicions of agents that were alive at the time
 * @param falseDeaths DEAD verdicts on agents that were alive at the time
 */
public record RunStats(long jobsSucceeded, long jobsFailed, double makespanSeconds, double goodput,
    long wastedChunks, List<Double> recoverMs, List<Double> detectMs, int falseSuspicions, int falseDeaths) {

  public static RunStats of(SimResult run) {
    var store = run.store();
    var byState = store.countByState();
    long useful = 0;
    for (var job : store.jobs(Optional.empty(), Integer.MAX_VALUE)) {
      for (var step : store.steps(job.jobId())) {
        if (step.state() == StepState.SUCCEEDED) {
          useful += Scenario.chunks(step.stepId());
        }
      }
    }
    var failedAt = new HashMap<String, Long>();
    var recover = new ArrayList<Double>();
    var firstFailure = new HashMap<String, Long>();
    int falseSuspicions = 0;
    int falseDeaths = 0;
    for (Event event : run.committed()) {
      long t = run.offset(event.at());
      switch (event) {
        case Event.AttemptFailed f -> {
          failedAt.put(f.jobId() + "/" + f.stepId(), t);
          firstFailure.putIfAbsent(f.jobId() + "/" + f.stepId() + "/" + f.attempt(), t);
        }
        case Event.AttemptStarted s -> {
          Long failed = failedAt.remove(s.jobId() + "/" + s.stepId());
          if (failed != null) {
            recover.add((t - failed) / 1e6);
          }
        }
        case Event.AgentSuspected s when alive(run, s.agentId(), t) -> falseSuspicions++;
        case Event.AgentDead d when alive(run, d.agentId(), t) -> falseDeaths++;
        default -> { }
      }
    }
    var detect = new ArrayList<Double>();
    for (var injection : run.injections()) {
      if (!injection.attemptKey().isEmpty()) {
        Long at = firstFailure.get(injection.attemptKey());
        if (at != null && at >= injection.atNanos()) {
          detect.add((at - injection.atNanos()) / 1e6);
        }
      } else if (injection.kind().startsWith("crash")) {
        deathAfter(run, injection.agentId(), injection.atNanos())
            .ifPresent(at -> detect.add((at - injection.atNanos()) / 1e6));
      }
    }
    return new RunStats(byState.getOrDefault(JobState.SUCCEEDED, 0L), byState.getOrDefault(JobState.FAILED, 0L),
        run.endNanos() / 1e9, run.chunksRun() == 0 ? 1 : (double) useful / run.chunksRun(),
        Math.max(0, run.chunksRun() - useful), recover, detect, falseSuspicions, falseDeaths);
  }

  private static boolean alive(SimResult run, String agentId, long t) {
    long[] down = run.downIntervals().get(agentId);
    return down == null || t < down[0] || t >= down[1];
  }

  private static Optional<Long> deathAfter(SimResult run, String agentId, long after) {
    for (Event event : run.committed()) {
      if (event instanceof Event.AgentDead d && d.agentId().equals(agentId) && run.offset(d.at()) >= after) {
        return Optional.of(run.offset(d.at()));
      }
    }
    return Optional.empty();
  }

  /** Nearest-rank percentile of unsorted values; NaN when there are none. */
  public static double percentile(List<Double> values, double p) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    var sorted = new ArrayList<>(values);
    sorted.sort(Double::compare);
    int rank = (int) Math.ceil(p / 100 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  /** Means over runs of each figure (latency percentiles are taken per run, then averaged). */
  public static Map<String, Double> means(List<RunStats> runs) {
    var means = new java.util.LinkedHashMap<String, Double>();
    means.put("jobs_completed", mean(runs, r -> (double) r.jobsSucceeded()));
    means.put("jobs_failed", mean(runs, r -> (double) r.jobsFailed()));
    means.put("makespan_s", mean(runs, RunStats::makespanSeconds));
    means.put("goodput", mean(runs, RunStats::goodput));
    means.put("work_wasted_chunks", mean(runs, r -> (double) r.wastedChunks()));
    means.put("recover_ms_p50", mean(runs, r -> percentile(r.recoverMs(), 50)));
    means.put("recover_ms_p99", mean(runs, r -> percentile(r.recoverMs(), 99)));
    means.put("detect_ms_p50", mean(runs, r -> percentile(r.detectMs(), 50)));
    means.put("detect_ms_p99", mean(runs, r -> percentile(r.detectMs(), 99)));
    means.put("false_suspicions", mean(runs, r -> (double) r.falseSuspicions()));
    means.put("false_deaths", mean(runs, r -> (double) r.falseDeaths()));
    return means;
  }

  private static double mean(List<RunStats> runs, java.util.function.ToDoubleFunction<RunStats> figure) {
    return runs.stream().mapToDouble(figure).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
  }
}
