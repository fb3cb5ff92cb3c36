package io.lifeline.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.lifeline.agents.chaos.Injection;
import io.lifeline.store.JobState;
import io.lifeline.store.Store;
import io.lifeline.store.StoredEvent;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The figures a demo run ends with. Job counts and the durable history come from the store, so
 * they cover every process of a killed-and-resumed run; injections and detection latencies are
 * known only to the process that saw them.
 */
record DemoSummary(
    long jobsSubmitted,
    long jobsSucceeded,
    long jobsFailed,
    long jobsCancelled,
    long jobsLost,
    long duplicateCompletions,
    Map<String, Long> faultsInjected,
    Map<String, Long> faultsDetected,
    Map<String, Long> faultsRecovered,
    Map<String, Long> failuresByKind,
    double detectionMsP50,
    double detectionMsP99,
    Map<String, Double> detectionMsP50ByKind,
    Map<String, Long> recoveries,
    long staleResultsRejected,
    long agentsDeclaredDead,
    long workRedone,
    long workSaved,
    List<DriftEpisodes.Episode> driftEpisodes,
    long wallMs) {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * Reads the whole history and combines it with what this process saw.
   *
   * @param expectedJobs how many jobs the run was asked to submit (absent or unfinished ones are lost)
   * @param detectedAtNanos ticker reading at which each attempt's failure became durable, by attempt key
   */
  static DemoSummary compute(Store store, long expectedJobs, List<Injection> injections,
      Map<String, Long> detectedAtNanos, long wallMs) {
    var completions = new HashMap<String, Integer>();
    var failedAttempts = new HashSet<String>();
    var recovered = new HashSet<String>();
    var failuresByKind = new TreeMap<String, Long>();
    var recoveries = new TreeMap<String, Long>();
    long stale = 0;
    long dead = 0;
    long redone = 0;
    long saved = 0;
    var drifts = new DriftEpisodes();
    long after = 0;
    for (List<StoredEvent> page; !(page = store.events(after, 2000)).isEmpty(); after = page.getLast().seq()) {
      for (var stored : page) {
        JsonNode e = parse(stored.json());
        String step = stored.jobId() + "/" + e.path("stepId").asText();
        drifts.accept(stored.type(), stored.jobId(), e);
        switch (stored.type()) {
          case "StepSucceeded" -> completions.merge(step, 1, Integer::sum);
          case "JobSucceeded", "JobFailed", "JobCancelled" -> completions.merge(stored.jobId(), 1, Integer::sum);
          case "AttemptFailed" -> {
            failedAttempts.add(step + "/" + e.path("attempt").asInt());
            failuresByKind.merge(e.path("kind").asText(), 1L, Long::sum);
            redone += Math.max(0, e.path("progress").asLong() - e.path("checkpointedProgress").asLong());
          }
          case "RecoveryDecided" -> {
            recoveries.merge(e.path("action").asText(), 1L, Long::sum);
            if (!e.path("action").asText().equals("DeadLetter")) {
              recovered.add(step + "/" + e.path("failedAttempt").asInt());
            }
          }
          case "AttemptStarted" -> saved += e.path("resumedSeq").asLong() >= 0 ? e.path("resumedProgress").asLong() : 0;
          case "StaleResultRejected" -> stale++;
          case "AgentDead" -> dead++;
          default -> { }
        }
      }
    }
    var byState = store.countByState();
    long submitted = byState.values().stream().mapToLong(Long::longValue).sum();
    long finished = byState.entrySet().stream().filter(e -> e.getKey().isTerminal())
        .mapToLong(java.util.Map.Entry::getValue).sum();
    long duplicates = completions.values().stream().filter(n -> n > 1).mapToLong(n -> n - 1).sum();

    var injected = new TreeMap<String, Long>();
    var detected = new TreeMap<String, Long>();
    var recoveredByKind = new TreeMap<String, Long>();
    var latencies = new ArrayList<Double>();
    var latenciesByKind = new TreeMap<String, List<Double>>();
    for (var injection : injections) {
      String kind = injection.fault().label();
      injected.merge(kind, 1L, Long::sum);
      String key = injection.jobId() + "/" + injection.stepId() + "/" + injection.attempt();
      if (failedAttempts.contains(key)) {
        detected.merge(kind, 1L, Long::sum);
        Long at = detectedAtNanos.get(key);
        if (at != null) {
          double ms = (at - injection.atNanos()) / 1e6;
          latencies.add(ms);
          latenciesByKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(ms);
        }
      }
      if (recovered.contains(key)) {
        recoveredByKind.merge(kind, 1L, Long::sum);
      }
    }
    latencies.sort(Double::compare);
    var p50ByKind = new TreeMap<String, Double>();
    latenciesByKind.forEach((kind, values) -> {
      values.sort(Double::compare);
      p50ByKind.put(kind, percentile(values, 50));
    });
    return new DemoSummary(submitted,
        byState.getOrDefault(JobState.SUCCEEDED, 0L) + byState.getOrDefault(JobState.DEGRADED, 0L),
        byState.getOrDefault(JobState.FAILED, 0L), byState.getOrDefault(JobState.CANCELLED, 0L),
        Math.max(0, expectedJobs - finished), duplicates, injected, detected, recoveredByKind,
        failuresByKind, percentile(latencies, 50), percentile(latencies, 99), p50ByKind, recoveries, stale, dead,
        redone, saved, drifts.episodes(), wallMs);
  }

  /** Nearest-rank percentile; 0 when there are no samples. */
  static double percentile(List<Double> sorted, double p) {
    if (sorted.isEmpty()) {
      return 0;
    }
    int rank = (int) Math.ceil(p / 100 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  /** Kinds that were injected but not detected, or detected but not recovered. */
  Set<String> undetectedOrUnrecovered() {
    var missing = new java.util.TreeSet<String>();
    faultsInjected.forEach((kind, n) -> {
      if (faultsDetected.getOrDefault(kind, 0L) == 0 || faultsRecovered.getOrDefault(kind, 0L) == 0) {
        missing.add(kind);
      }
    });
    return missing;
  }

  void print(PrintStream out) {
    out.println();
    out.println("== Lifeline demo summary ==");
    row(out, "jobs submitted", jobsSubmitted);
    row(out, "jobs succeeded", jobsSucceeded);
    row(out, "jobs failed (dead-lettered)", jobsFailed);
    row(out, "jobs lost", jobsLost);
    row(out, "duplicate effective completions", duplicateCompletions);
    row(out, "stale results rejected (fencing)", staleResultsRejected);
    row(out, "agents declared dead", agentsDeclaredDead);
    out.println();
    out.printf("  %-16s %9s %9s %10s %14s%n", "fault", "injected", "detected", "recovered", "detect p50 ms");
    faultsInjected.forEach((kind, n) -> out.printf("  %-16s %9d %9d %10d %14.0f%n", kind, n,
        faultsDetected.getOrDefault(kind, 0L), faultsRecovered.getOrDefault(kind, 0L),
        detectionMsP50ByKind.getOrDefault(kind, Double.NaN)));
    var missing = undetectedOrUnrecovered();
    out.println(missing.isEmpty() ? "  every injected fault kind was detected and recovered"
        : "  NOT detected or not recovered: " + missing);
    out.println();
    out.printf("  detection latency   p50 %.0f ms   p99 %.0f ms%n", detectionMsP50, detectionMsP99);
    out.println("  failures by kind    " + failuresByKind);
    out.println("  recoveries          " + recoveries);
    out.printf("  work (chunks)       redone %d   saved by checkpoints %d%n", workRedone, workSaved);
    printDrift(out);
    out.printf("  wall time           %.1f s%n", wallMs / 1000.0);
  }

  /** Each drift the gate caught: the judge's score of the rejected draft and of the one that passed. */
  private void printDrift(PrintStream out) {
    if (driftEpisodes.isEmpty()) {
      return;
    }
    out.printf("  drift caught        %d, scores rejected -> accepted:%n", driftEpisodes.size());
    for (var episode : driftEpisodes) {
      String rejected = String.format("%-22s %-12s attempt %d %.2f -> ", episode.jobId() + "/" + episode.stepId(),
          episode.judge(), episode.rejectedAttempt(), episode.rejectedScore());
      out.println("    " + rejected + (episode.acceptedAttempt() == 0 ? "never accepted"
          : String.format("attempt %d %.2f, resumed after %d chunks", episode.acceptedAttempt(),
              episode.acceptedScore(), episode.resumedProgress())));
    }
  }

  private static void row(PrintStream out, String label, long value) {
    out.printf("  %-34s %6d%n", label, value);
  }

  void writeJson(Path file) {
    var json = new LinkedHashMap<String, Object>();
    json.put("jobs_submitted", jobsSubmitted);
    json.put("jobs_succeeded", jobsSucceeded);
    json.put("jobs_failed", jobsFailed);
    json.put("jobs_cancelled", jobsCancelled);
    json.put("jobs_lost", jobsLost);
    json.put("duplicate_completions", duplicateCompletions);
    json.put("faults_injected", faultsInjected);
    json.put("faults_detected", faultsDetected);
    json.put("faults_recovered", faultsRecovered);
    json.put("failures_by_kind", failuresByKind);
    json.put("detection_ms_p50", detectionMsP50);
    json.put("detection_ms_p99", detectionMsP99);
    json.put("detection_ms_p50_by_kind", detectionMsP50ByKind);
    json.put("recoveries", recoveries);
    json.put("stale_results_rejected", staleResultsRejected);
    json.put("agents_declared_dead", agentsDeclaredDead);
    json.put("work_redone_chunks", workRedone);
    json.put("work_saved_chunks", workSaved);
    json.put("drift_episodes", driftEpisodes.stream().map(episode -> {
      var row = new LinkedHashMap<String, Object>();
      row.put("job_id", episode.jobId());
      row.put("step", episode.stepId());
      row.put("judge", episode.judge());
      row.put("rejected_attempt", episode.rejectedAttempt());
      row.put("rejected_score", episode.rejectedScore());
      row.put("accepted_attempt", episode.acceptedAttempt());
      row.put("accepted_score", Double.isNaN(episode.acceptedScore()) ? null : episode.acceptedScore());
      row.put("resumed_progress", episode.resumedProgress());
      return row;
    }).toList());
    json.put("wall_ms", wallMs);
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      JSON.writeValue(file.toFile(), json);
    } catch (IOException e) {
      throw new UncheckedIOException("--json: cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("corrupt event in the history: " + json, e);
    }
  }
}
