package io.lifeline.store.jdbc;

import io.lifeline.checkpoint.Checkpoint;
import io.lifeline.checkpoint.CheckpointKind;
import io.lifeline.model.Output;
import io.lifeline.model.Usage;
import io.lifeline.store.AttemptHistoryCodec;
import io.lifeline.store.Budget;
import io.lifeline.store.JobRecord;
import io.lifeline.store.JobState;
import io.lifeline.store.StepRecord;
import io.lifeline.store.StepState;
import io.lifeline.store.StoredEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The store's queries, prepared once on the read connection, and the mapping of rows to records.
 * Each query runs in its own implicit transaction and closes its result set, so it sees the last
 * committed state and holds no snapshot afterwards. Not thread-safe: the store calls it under its
 * read lock.
 */
final class Reads {

  private static final String JOB_COLUMNS = "job_id, workflow, input, idempotency_key, state, max_attempts, "
      + "max_tokens, max_cost, low_at, attempts_used, tokens_used, cost_used, submitted_at, finished_at, reason";
  private static final String EVENT_COLUMNS = "seq, job_id, at, type, json";

  /** Written from the enum so that a new state cannot be forgotten here. */
  private static final String UNFINISHED_STATES = Arrays.stream(JobState.values())
      .filter(state -> !state.isTerminal())
      .map(state -> "'" + state.name() + "'")
      .collect(Collectors.joining(", "));

  private final PreparedStatement jobById;
  private final PreparedStatement jobByKey;
  private final PreparedStatement unfinishedJobs;
  private final PreparedStatement jobs;
  private final PreparedStatement jobsInState;
  private final PreparedStatement countByState;
  private final PreparedStatement steps;
  private final PreparedStatement output;
  private final PreparedStatement checkpoints;
  private final PreparedStatement history;
  private final PreparedStatement events;
  private final PreparedStatement latencies;

  Reads(Connection connection) throws SQLException {
    jobById = connection.prepareStatement("SELECT " + JOB_COLUMNS + " FROM jobs WHERE job_id = ?");
    jobByKey = connection.prepareStatement("SELECT " + JOB_COLUMNS + " FROM jobs WHERE idempotency_key = ?");
    unfinishedJobs = connection.prepareStatement(
        "SELECT " + JOB_COLUMNS + " FROM jobs WHERE state IN (" + UNFINISHED_STATES + ") ORDER BY pos");
    jobs = connection.prepareStatement("SELECT " + JOB_COLUMNS + " FROM jobs ORDER BY pos LIMIT ?");
    jobsInState = connection.prepareStatement(
        "SELECT " + JOB_COLUMNS + " FROM jobs WHERE state = ? ORDER BY pos LIMIT ?");
    countByState = connection.prepareStatement("SELECT state, count(*) AS n FROM jobs GROUP BY state");
    steps = connection.prepareStatement("""
        SELECT job_id, step_id, state, attempt, agent_id, variant, not_before, preferred_agent, history, reason
        FROM steps WHERE job_id = ? ORDER BY pos""");
    output = connection.prepareStatement(
        "SELECT media_type, content, metadata, tokens, cost FROM outputs WHERE job_id = ? AND step_id = ?");
    checkpoints = connection.prepareStatement("""
        SELECT job_id, step_id, attempt, seq, at, kind, state, progress
        FROM checkpoints WHERE job_id = ? AND step_id = ? ORDER BY seq""");
    history = connection.prepareStatement("SELECT " + EVENT_COLUMNS + " FROM events WHERE job_id = ? ORDER BY seq");
    events = connection.prepareStatement(
        "SELECT " + EVENT_COLUMNS + " FROM events WHERE seq > ? ORDER BY seq LIMIT ?");
    latencies = connection.prepareStatement("SELECT agent_kind, nanos FROM latencies ORDER BY agent_kind, pos");
  }

  Optional<JobRecord> job(String jobId) throws SQLException {
    jobById.setString(1, jobId);
    return first(jobById, Reads::job);
  }

  Optional<JobRecord> jobByIdempotencyKey(String key) throws SQLException {
    jobByKey.setString(1, key);
    return first(jobByKey, Reads::job);
  }

  List<JobRecord> unfinishedJobs() throws SQLException {
    return all(unfinishedJobs, Reads::job);
  }

  List<JobRecord> jobs(Optional<JobState> state, int limit) throws SQLException {
    if (state.isEmpty()) {
      jobs.setInt(1, limit);
      return all(jobs, Reads::job);
    }
    jobsInState.setString(1, state.get().name());
    jobsInState.setInt(2, limit);
    return all(jobsInState, Reads::job);
  }

  Map<JobState, Long> countByState() throws SQLException {
    var counts = new EnumMap<JobState, Long>(JobState.class);
    try (var rows = countByState.executeQuery()) {
      while (rows.next()) {
        counts.put(JobState.valueOf(rows.getString("state")), rows.getLong("n"));
      }
    }
    return counts;
  }

  List<StepRecord> steps(String jobId) throws SQLException {
    steps.setString(1, jobId);
    return all(steps, row -> new StepRecord(row.getString("job_id"), row.getString("step_id"),
        StepState.valueOf(row.getString("state")), row.getInt("attempt"), row.getString("agent_id"),
        row.getInt("variant"), Columns.optionalInstant(row, "not_before"), row.getString("preferred_agent"),
        AttemptHistoryCodec.decode(row.getString("history")), row.getString("reason")));
  }

  Optional<Output> output(String jobId, String stepId) throws SQLException {
    output.setString(1, jobId);
    output.setString(2, stepId);
    return first(output, row -> new Output(row.getString("media_type"), row.getBytes("content"),
        KeyValueText.decode(row.getString("metadata")), new Usage(row.getLong("tokens"), row.getDouble("cost"))));
  }

  List<Checkpoint> checkpoints(String jobId, String stepId) throws SQLException {
    checkpoints.setString(1, jobId);
    checkpoints.setString(2, stepId);
    return all(checkpoints, row -> new Checkpoint(row.getString("job_id"), row.getString("step_id"),
        row.getInt("attempt"), row.getLong("seq"), Columns.instant(row, "at"),
        CheckpointKind.valueOf(row.getString("kind")), row.getBytes("state"), row.getLong("progress")));
  }

  List<StoredEvent> history(String jobId) throws SQLException {
    history.setString(1, jobId);
    return all(history, Reads::event);
  }

  List<StoredEvent> events(long afterSeq, int limit) throws SQLException {
    events.setLong(1, afterSeq);
    events.setInt(2, limit);
    return all(events, Reads::event);
  }

  Map<String, List<Duration>> latencies() throws SQLException {
    var byKind = new TreeMap<String, List<Duration>>();
    try (var rows = latencies.executeQuery()) {
      while (rows.next()) {
        byKind.computeIfAbsent(rows.getString("agent_kind"), k -> new ArrayList<>())
            .add(Duration.ofNanos(rows.getLong("nanos")));
      }
    }
    return byKind;
  }

  private static JobRecord job(ResultSet row) throws SQLException {
    var budget = new Budget(row.getInt("max_attempts"), row.getLong("max_tokens"), row.getDouble("max_cost"),
        row.getDouble("low_at"));
    return new JobRecord(row.getString("job_id"), row.getString("workflow"),
        KeyValueText.decode(row.getString("input")), row.getString("idempotency_key"),
        JobState.valueOf(row.getString("state")), budget, row.getInt("attempts_used"), row.getLong("tokens_used"),
        row.getDouble("cost_used"), Columns.instant(row, "submitted_at"),
        Columns.optionalInstant(row, "finished_at"), row.getString("reason"));
  }

  private static StoredEvent event(ResultSet row) throws SQLException {
    return new StoredEvent(row.getLong("seq"), row.getString("job_id"), Columns.instant(row, "at"),
        row.getString("type"), row.getString("json"));
  }

  @FunctionalInterface
  private interface RowMapper<T> {
    T map(ResultSet row) throws SQLException;
  }

  private static <T> List<T> all(PreparedStatement query, RowMapper<T> mapper) throws SQLException {
    var list = new ArrayList<T>();
    try (var rows = query.executeQuery()) {
      while (rows.next()) {
        list.add(mapper.map(rows));
      }
    }
    return list;
  }

  private static <T> Optional<T> first(PreparedStatement query, RowMapper<T> mapper) throws SQLException {
    try (var rows = query.executeQuery()) {
      return rows.next() ? Optional.of(mapper.map(rows)) : Optional.empty();
    }
  }
}
