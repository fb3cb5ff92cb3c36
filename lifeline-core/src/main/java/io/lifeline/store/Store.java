package io.lifeline.store;

import io.lifeline.checkpoint.Checkpoint;
import io.lifeline.model.Output;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Durable state of jobs, steps, outputs, checkpoints and history. Every implementation passes the
 * {@code StoreContract} test suite.
 *
 * <p>{@link #commit} is the only way to change anything and is all-or-nothing: when it returns,
 * the whole batch is durable (fsync'd); when it throws, none of it is visible. The coordinator's
 * shell calls it once per batch of inputs (group commit) and dispatches nothing before it returns
 * (write-ahead). Implementations are thread-safe: attempts read outputs and checkpoints from their
 * own threads while the shell commits.
 */
public interface Store extends AutoCloseable {

  /** Applies the writes in order, atomically and durably. */
  void commit(List<Write> batch);

  Optional<JobRecord> job(String jobId);

  Optional<JobRecord> jobByIdempotencyKey(String idempotencyKey);

  /** Jobs that are not terminal, oldest first: what a restarting engine must finish. */
  List<JobRecord> unfinishedJobs();

  /** Jobs in submission order, optionally of one state, at most {@code limit}. */
  List<JobRecord> jobs(Optional<JobState> state, int limit);

  /** How many jobs there are in each state (states with none are absent). */
  Map<JobState, Long> countByState();

  /** The steps of a job in the order they were first written. */
  List<StepRecord> steps(String jobId);

  Optional<Output> output(String jobId, String stepId);

  /** The step's checkpoints that survived pruning, oldest first. */
  List<Checkpoint> checkpoints(String jobId, String stepId);

  /** The job's history, oldest first. */
  List<StoredEvent> history(String jobId);

  /** Every event with {@code seq > afterSeq}, at most {@code limit}, oldest first. */
  List<StoredEvent> events(long afterSeq, int limit);

  /**
   * The durations of the latest successful attempts of each agent kind that has any, oldest first,
   * as {@link Write.RecordLatency} kept them: what a restarting engine's p95 hedging starts from.
   */
  Map<String, List<Duration>> latencies();

  @Override
  void close();
}
