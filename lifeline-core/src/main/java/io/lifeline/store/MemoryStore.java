package io.lifeline.store;

import io.lifeline.checkpoint.Checkpoint;
import io.lifeline.checkpoint.Checkpoints;
import io.lifeline.event.EventJson;
import io.lifeline.model.Output;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A store in the heap, for tests and the simulator. Durable only as long as the object lives;
 * a batch is applied under one lock, so readers never see half of it.
 *
 * <p>A batch is checked whole before any of it is applied, so a refused batch changes nothing.
 * Byte arrays are copied on the way in and out, as a real store's would be.
 */
public final class MemoryStore implements Store {

  private final Map<String, JobRecord> jobs = new LinkedHashMap<>();
  private final Map<String, String> jobByKey = new HashMap<>();
  private final Map<String, Map<String, StepRecord>> steps = new HashMap<>();
  private final Map<String, Output> outputs = new HashMap<>();
  private final Map<String, TreeMap<Long, Checkpoint>> checkpoints = new HashMap<>();
  private final List<StoredEvent> events = new ArrayList<>();
  private final Map<String, ArrayDeque<Duration>> latencies = new TreeMap<>();
  private boolean closed;

  @Override
  public synchronized void commit(List<Write> batch) {
    ensureOpen();
    check(batch);
    for (Write write : batch) {
      switch (write) {
        case Write.PutJob(JobRecord job) -> {
          var previous = jobs.put(job.jobId(), job);
          if (previous != null) {
            jobByKey.remove(previous.idempotencyKey());
          }
          jobByKey.put(job.idempotencyKey(), job.jobId());
        }
        case Write.ChargeJob(String jobId, long tokens, double cost) -> jobs.computeIfPresent(jobId, (id, job) ->
            new JobRecord(id, job.workflow(), job.input(), job.idempotencyKey(), job.state(), job.budget(),
                job.attemptsUsed(), job.tokensUsed() + tokens, job.costUsed() + cost, job.submittedAt(),
                job.finishedAt(), job.reason()));
        case Write.PutStep(StepRecord step) ->
            steps.computeIfAbsent(step.jobId(), k -> new LinkedHashMap<>()).put(step.stepId(), step);
        case Write.PutOutput(String jobId, String stepId, Output output) ->
            outputs.put(key(jobId, stepId), copy(output));
        case Write.PutCheckpoint(Checkpoint checkpoint, int keepLast) -> {
          var forStep = checkpoints.computeIfAbsent(
              key(checkpoint.jobId(), checkpoint.stepId()), k -> new TreeMap<>());
          forStep.put(checkpoint.seq(), copy(checkpoint));
          long keepFrom = Checkpoints.firstSeqToKeep(List.copyOf(forStep.values()), keepLast);
          forStep.headMap(keepFrom, false).clear();
        }
        case Write.AppendEvent(var event) -> events.add(new StoredEvent(
            events.size() + 1L, event.jobId(), event.at(), event.type(), EventJson.encode(event)));
        case Write.RecordLatency(String kind, Duration latency, int keepLast) -> {
          var samples = latencies.computeIfAbsent(kind, k -> new ArrayDeque<>());
          samples.addLast(latency);
          while (samples.size() > keepLast) {
            samples.removeFirst();
          }
        }
      }
    }
  }

  /**
   * Refuses the batch if applying it would give an idempotency key two jobs (checked write by
   * write, as a unique index would) or leave a step without its job, or an output or checkpoint
   * without its step (checked after the whole batch, as deferred foreign keys would).
   */
  private void check(List<Write> batch) {
    var keyOwners = new HashMap<String, String>(); // keys the batch moved: key -> job, null if freed
    var jobKeys = new HashMap<String, String>(); // jobs the batch wrote: job -> key
    var newSteps = new HashSet<String>();
    for (Write write : batch) {
      if (write instanceof Write.PutJob(JobRecord job)) {
        String key = job.idempotencyKey();
        String owner = keyOwners.containsKey(key) ? keyOwners.get(key) : jobByKey.get(key);
        if (owner != null && !owner.equals(job.jobId())) {
          throw new StoreException("memory store: idempotency key '" + key + "' of job '" + job.jobId()
              + "' already belongs to job '" + owner + "'");
        }
        var stored = jobs.get(job.jobId());
        String previousKey = jobKeys.containsKey(job.jobId()) ? jobKeys.get(job.jobId())
            : stored == null ? null : stored.idempotencyKey();
        if (previousKey != null) {
          keyOwners.put(previousKey, null);
        }
        keyOwners.put(key, job.jobId());
        jobKeys.put(job.jobId(), key);
      } else if (write instanceof Write.PutStep(StepRecord step)) {
        newSteps.add(key(step.jobId(), step.stepId()));
      }
    }
    for (Write write : batch) {
      switch (write) {
        case Write.PutStep(StepRecord step) -> {
          if (!jobs.containsKey(step.jobId()) && !jobKeys.containsKey(step.jobId())) {
            throw missing("step '" + step.stepId() + "'", "job '" + step.jobId() + "'");
          }
        }
        case Write.PutOutput(String jobId, String stepId, Output output) ->
            requireStep(jobId, stepId, newSteps, "output");
        case Write.PutCheckpoint(Checkpoint cp, int keepLast) ->
            requireStep(cp.jobId(), cp.stepId(), newSteps, "checkpoint " + cp.seq());
        case Write.PutJob job -> { } // checked above, in order
        case Write.ChargeJob charge -> { } // charges no job when there is none, as an UPDATE would
        case Write.AppendEvent event -> { } // events may name any job: the history is a log
        case Write.RecordLatency latency -> { } // belongs to an agent kind, not to a job
      }
    }
  }

  private void requireStep(String jobId, String stepId, Set<String> newSteps, String what) {
    var stepsOfJob = steps.getOrDefault(jobId, Map.of());
    if (!stepsOfJob.containsKey(stepId) && !newSteps.contains(key(jobId, stepId))) {
      throw missing(what, "step '" + stepId + "' of job '" + jobId + "'");
    }
  }

  private static StoreException missing(String what, String parent) {
    return new StoreException("memory store: " + what + " refers to " + parent + ", which does not exist");
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
    requireLimit(limit);
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
    return Optional.ofNullable(outputs.get(key(jobId, stepId))).map(MemoryStore::copy);
  }

  @Override
  public synchronized List<Checkpoint> checkpoints(String jobId, String stepId) {
    return checkpoints.getOrDefault(key(jobId, stepId), new TreeMap<>()).values().stream()
        .map(MemoryStore::copy)
        .toList();
  }

  @Override
  public synchronized List<StoredEvent> history(String jobId) {
    if (jobId.isEmpty()) {
      return List.of(); // agent events belong to no job
    }
    return events.stream().filter(e -> e.jobId().equals(jobId)).toList();
  }

  @Override
  public synchronized List<StoredEvent> events(long afterSeq, int limit) {
    requireLimit(limit);
    return events.stream()
        .filter(e -> e.seq() > afterSeq)
        .sorted(Comparator.comparingLong(StoredEvent::seq))
        .limit(limit)
        .toList();
  }

  @Override
  public synchronized Map<String, List<Duration>> latencies() {
    var out = new TreeMap<String, List<Duration>>();
    latencies.forEach((kind, samples) -> out.put(kind, List.copyOf(samples)));
    return out;
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

  private static void requireLimit(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit cannot be negative: " + limit);
    }
  }

  private static Output copy(Output output) {
    return new Output(output.mediaType(), output.content().clone(), output.metadata(), output.usage());
  }

  private static Checkpoint copy(Checkpoint c) {
    return new Checkpoint(c.jobId(), c.stepId(), c.attempt(), c.seq(), c.at(), c.kind(), c.state().clone(),
        c.progress());
  }

  private static String key(String jobId, String stepId) {
    return jobId + '\u0000' + stepId;
  }
}
