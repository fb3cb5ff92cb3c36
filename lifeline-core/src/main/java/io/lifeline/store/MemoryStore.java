package io.lifeline.store;

import io.lifeline.checkpoint.Checkpoint;
import io.lifeline.checkpoint.Checkpoints;
import io.lifeline.event.EventJson;
import io.lifeline.model.Output;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A store in the heap, for tests and the simulator. Durable only as long as the object lives;
 * a batch is applied under one lock, so readers never see half of it.
 */
public final class MemoryStore implements Store {

  private final Map<String, JobRecord> jobs = new LinkedHashMap<>();
  private final Map<String, String> jobByKey = new HashMap<>();
  private final Map<String, Map<String, StepRecord>> steps = new HashMap<>();
  private final Map<String, Output> outputs = new HashMap<>();
  private final Map<String, TreeMap<Long, Checkpoint>> checkpoints = new HashMap<>();
  private final List<StoredEvent> events = new ArrayList<>();
  private boolean closed;

  @Override
  public synchronized void commit(List<Write> batch) {
    ensureOpen();
    for (Write write : batch) {
      switch (write) {
        case Write.PutJob(JobRecord job) -> {
          jobs.put(job.jobId(), job);
          jobByKey.put(job.idempotencyKey(), job.jobId());
        }
        case Write.PutStep(StepRecord step) ->
            steps.computeIfAbsent(step.jobId(), k -> new LinkedHashMap<>()).put(step.stepId(), step);
        case Write.PutOutput(String jobId, String stepId, Output output) ->
            outputs.put(key(jobId, stepId), output);
        case Write.PutCheckpoint(Checkpoint checkpoint, int keepLast) -> {
          var forStep = checkpoints.computeIfAbsent(
              key(checkpoint.jobId(), checkpoint.stepId()), k -> new TreeMap<>());
          forStep.put(checkpoint.seq(), checkpoint);
          long keepFrom = Checkpoints.firstSeqToKeep(List.copyOf(forStep.values()), keepLast);
          forStep.headMap(keepFrom, false).clear();
        }
        case Write.AppendEvent(var event) -> events.add(new StoredEvent(
            events.size() + 1L, event.jobId(), event.at(), event.type(), EventJson.encode(event)));
      }
    }
  }

  @Override
  public synchronized Optional<JobRecord> job(String jobId) {
    return Optional.ofNullable(jobs.get(jobId));
  }

  @Override
  public synchronized Optional<JobRecord> jobByIdempotencyKey(String idempotencyKey) {
    return Optional.ofNullable(jobByKey.get(idempotencyKey)).map(jobs::get);
  }

  @Override
  public synchronized List<JobRecord> unfinishedJobs() {
    return jobs.values().stream().filter(j -> !j.state().isTerminal()).toList();
  }

  @Override
  public synchronized List<JobRecord> jobs(Optional<JobState> state, int limit) {
    return jobs.values().stream()
        .filter(j -> state.isEmpty() || j.state() == state.get())
        .limit(limit)
        .toList();
  }

  @Override
  public synchronized Map<JobState, Long> countByState() {
    var counts = new EnumMap<JobState, Long>(JobState.class);
    jobs.values().forEach(j -> counts.merge(j.state(), 1L, Long::sum));
    return counts;
  }

  @Override
  public synchronized List<StepRecord> steps(String jobId) {
    return List.copyOf(steps.getOrDefault(jobId, Map.of()).values());
  }

  @Override
  public synchronized Optional<Output> output(String jobId, String stepId) {
    return Optional.ofNullable(outputs.get(key(jobId, stepId)));
  }

  @Override
  public synchronized List<Checkpoint> checkpoints(String jobId, String stepId) {
    return List.copyOf(checkpoints.getOrDefault(key(jobId, stepId), new TreeMap<>()).values());
  }

  @Override
  public synchronized List<StoredEvent> history(String jobId) {
    return events.stream().filter(e -> e.jobId().equals(jobId)).toList();
  }

  @Override
  public synchronized List<StoredEvent> events(long afterSeq, int limit) {
    return events.stream()
        .filter(e -> e.seq() > afterSeq)
        .sorted(Comparator.comparingLong(StoredEvent::seq))
        .limit(limit)
        .toList();
  }

  @Override
  public synchronized void close() {
    closed = true;
  }

  private void ensureOpen() {
    if (closed) {
      throw new StoreException("memory store is closed");
    }
  }

  private static String key(String jobId, String stepId) {
    return jobId + '\u0000' + stepId;
  }
}
