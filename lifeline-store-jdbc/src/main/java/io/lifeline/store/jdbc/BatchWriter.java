package io.lifeline.store.jdbc;

import io.lifeline.checkpoint.Checkpoint;
import io.lifeline.checkpoint.CheckpointKind;
import io.lifeline.checkpoint.Checkpoints;
import io.lifeline.event.Event;
import io.lifeline.event.EventJson;
import io.lifeline.model.Output;
import io.lifeline.store.AttemptHistoryCodec;
import io.lifeline.store.JobRecord;
import io.lifeline.store.StepRecord;
import io.lifeline.store.StoreException;
import io.lifeline.store.Write;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Applies batches on the write connection, one transaction each, with every statement prepared
 * once: a commit costs its inserts and one fsync, which is what makes group commit cheap.
 *
 * <p>Before COMMIT it looks up the job or step each step, output and checkpoint refers to, so that
 * a refusal can name the row; the schema's deferred foreign keys back that up. Not thread-safe:
 * the store calls it under its write lock.
 */
final class BatchWriter {

  private static final byte[] NO_BYTES = {};

  private final Transactions transactions;
  private final PreparedStatement upsertJob;
  private final PreparedStatement chargeJob;
  private final PreparedStatement upsertStep;
  private final PreparedStatement upsertOutput;
  private final PreparedStatement upsertCheckpoint;
  private final PreparedStatement checkpointKinds;
  private final PreparedStatement pruneCheckpoints;
  private final PreparedStatement insertEvent;
  private final PreparedStatement insertLatency;
  private final PreparedStatement pruneLatencies;
  private final PreparedStatement jobExists;
  private final PreparedStatement stepExists;

  BatchWriter(Connection connection, Transactions transactions) throws SQLException {
    this.transactions = transactions;
    upsertJob = connection.prepareStatement("""
        INSERT INTO jobs (job_id, workflow, input, idempotency_key, state, max_attempts, max_tokens, max_cost,
                          low_at, attempts_used, tokens_used, cost_used, submitted_at, finished_at, reason)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (job_id) DO UPDATE SET
          workflow = excluded.workflow, input = excluded.input, idempotency_key = excluded.idempotency_key,
          state = excluded.state, max_attempts = excluded.max_attempts, max_tokens = excluded.max_tokens,
          max_cost = excluded.max_cost, low_at = excluded.low_at, attempts_used = excluded.attempts_used,
          tokens_used = excluded.tokens_used, cost_used = excluded.cost_used,
          submitted_at = excluded.submitted_at, finished_at = excluded.finished_at, reason = excluded.reason""");
    chargeJob = connection.prepareStatement(
        "UPDATE jobs SET tokens_used = tokens_used + ?, cost_used = cost_used + ? WHERE job_id = ?");
    upsertStep = connection.prepareStatement("""
        INSERT INTO steps (job_id, step_id, state, attempt, agent_id, variant, not_before, preferred_agent,
                           history, reason)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (job_id, step_id) DO UPDATE SET
          state = excluded.state, attempt = excluded.attempt, agent_id = excluded.agent_id,
          variant = excluded.variant, not_before = excluded.not_before,
          preferred_agent = excluded.preferred_agent, history = excluded.history, reason = excluded.reason""");
    upsertOutput = connection.prepareStatement("""
        INSERT OR REPLACE INTO outputs (job_id, step_id, media_type, content, metadata, tokens, cost)
        VALUES (?, ?, ?, ?, ?, ?, ?)""");
    upsertCheckpoint = connection.prepareStatement("""
        INSERT OR REPLACE INTO checkpoints (job_id, step_id, seq, attempt, at, kind, state, progress)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)""");
    checkpointKinds = connection.prepareStatement(
        "SELECT seq, kind FROM checkpoints WHERE job_id = ? AND step_id = ?");
    pruneCheckpoints = connection.prepareStatement(
        "DELETE FROM checkpoints WHERE job_id = ? AND step_id = ? AND seq < ?");
    insertEvent = connection.prepareStatement("INSERT INTO events (job_id, at, type, json) VALUES (?, ?, ?, ?)");
    insertLatency = connection.prepareStatement("INSERT INTO latencies (agent_kind, nanos) VALUES (?, ?)");
    // Everything of the kind up to the newest row that falls outside the last keepLast.
    pruneLatencies = connection.prepareStatement("""
        DELETE FROM latencies WHERE agent_kind = ?1 AND pos <= (
          SELECT pos FROM latencies WHERE agent_kind = ?1 ORDER BY pos DESC LIMIT 1 OFFSET ?2)""");
    jobExists = connection.prepareStatement("SELECT 1 FROM jobs WHERE job_id = ?");
    stepExists = connection.prepareStatement("SELECT 1 FROM steps WHERE job_id = ? AND step_id = ?");
  }

  /** Applies the batch in one transaction: all of it, or — when anything fails — none of it. */
  void commit(List<Write> batch) throws SQLException {
    if (batch.isEmpty()) {
      return;
    }
    transactions.run(() -> {
      // what each referenced job or step is needed by, checked once the whole batch is in
      var jobRefs = new LinkedHashMap<String, String>();
      var stepRefs = new LinkedHashMap<List<String>, String>();
      for (Write write : batch) {
        switch (write) {
          case Write.PutJob(JobRecord job) -> putJob(job);
          case Write.ChargeJob(String jobId, long tokens, double cost) -> {
            chargeJob.setLong(1, tokens);
            chargeJob.setDouble(2, cost);
            chargeJob.setString(3, jobId);
            chargeJob.executeUpdate();
          }
          case Write.PutStep(StepRecord step) -> {
            putStep(step);
            jobRefs.putIfAbsent(step.jobId(), "step '" + step.stepId() + "'");
          }
          case Write.PutOutput(String jobId, String stepId, Output output) -> {
            putOutput(jobId, stepId, output);
            stepRefs.putIfAbsent(List.of(jobId, stepId), "output");
          }
          case Write.PutCheckpoint(Checkpoint checkpoint, int keepLast) -> {
            putCheckpoint(checkpoint, keepLast);
            stepRefs.putIfAbsent(List.of(checkpoint.jobId(), checkpoint.stepId()), "checkpoint " + checkpoint.seq());
          }
          case Write.AppendEvent(Event event) -> appendEvent(event);
          case Write.RecordLatency(String agentKind, Duration latency, int keepLast) ->
              recordLatency(agentKind, latency, keepLast);
        }
      }
      requireReferences(jobRefs, stepRefs);
      return null;
    });
  }

  private void putJob(JobRecord job) throws SQLException {
    var s = upsertJob;
    s.setString(1, job.jobId());
    s.setString(2, job.workflow());
    s.setString(3, KeyValueText.encode(job.input()));
    s.setString(4, job.idempotencyKey());
    s.setString(5, job.state().name());
    s.setInt(6, job.budget().maxAttempts());
    s.setLong(7, job.budget().maxTokens());
    s.setDouble(8, job.budget().maxCost());
    s.setDouble(9, job.budget().lowAt());
    s.setInt(10, job.attemptsUsed());
    s.setLong(11, job.tokensUsed());
    s.setDouble(12, job.costUsed());
    Columns.setInstant(s, 13, job.submittedAt(), "submittedAt of job '" + job.jobId() + "'");
    Columns.setInstant(s, 14, job.finishedAt(), "finishedAt of job '" + job.jobId() + "'");
    s.setString(15, job.reason());
    try {
      s.executeUpdate();
    } catch (SQLiteException e) {
      // job_id conflicts become updates, so a unique violation can only be the idempotency key
      if (e.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE) {
        throw new StoreException("idempotency key '" + job.idempotencyKey() + "' of job '" + job.jobId()
            + "' already belongs to another job", e);
      }
      throw e;
    }
  }

  private void putStep(StepRecord step) throws SQLException {
    var s = upsertStep;
    s.setString(1, step.jobId());
    s.setString(2, step.stepId());
    s.setString(3, step.state().name());
    s.setInt(4, step.attempt());
    s.setString(5, step.agentId());
    s.setInt(6, step.variant());
    Columns.setInstant(s, 7, step.notBefore(),
        "notBefore of step '" + step.stepId() + "' of job '" + step.jobId() + "'");
    s.setString(8, step.preferredAgent());
    s.setString(9, AttemptHistoryCodec.encode(step.history()));
    s.setString(10, step.reason());
    s.executeUpdate();
  }

  private void putOutput(String jobId, String stepId, Output output) throws SQLException {
    var s = upsertOutput;
    s.setString(1, jobId);
    s.setString(2, stepId);
    s.setString(3, output.mediaType());
    s.setBytes(4, output.content());
    s.setString(5, KeyValueText.encode(output.metadata()));
    s.setLong(6, output.usage().tokens());
    s.setDouble(7, output.usage().cost());
    s.executeUpdate();
  }

  private void putCheckpoint(Checkpoint checkpoint, int keepLast) throws SQLException {
    var s = upsertCheckpoint;
    s.setString(1, checkpoint.jobId());
    s.setString(2, checkpoint.stepId());
    s.setLong(3, checkpoint.seq());
    s.setInt(4, checkpoint.attempt());
    Columns.setInstant(s, 5, checkpoint.at(), "at of checkpoint " + checkpoint.seq() + " of step '"
        + checkpoint.stepId() + "' of job '" + checkpoint.jobId() + "'");
    s.setString(6, checkpoint.kind().name());
    s.setBytes(7, checkpoint.state());
    s.setLong(8, checkpoint.progress());
    s.executeUpdate();
    prune(checkpoint.jobId(), checkpoint.stepId(), keepLast);
  }

  /**
   * Deletes what {@link Checkpoints#firstSeqToKeep} lets go, so the retention rule lives in one
   * place. The rule needs only each checkpoint's seq and kind, so the states stay on disk and the
   * rule is fed stand-ins with empty states.
   */
  private void prune(String jobId, String stepId, int keepLast) throws SQLException {
    checkpointKinds.setString(1, jobId);
    checkpointKinds.setString(2, stepId);
    var standIns = new ArrayList<Checkpoint>();
    try (var rows = checkpointKinds.executeQuery()) {
      while (rows.next()) {
        standIns.add(new Checkpoint(jobId, stepId, 1, rows.getLong("seq"), Instant.EPOCH,
            CheckpointKind.valueOf(rows.getString("kind")), NO_BYTES, 0));
      }
    }
    pruneCheckpoints.setString(1, jobId);
    pruneCheckpoints.setString(2, stepId);
    pruneCheckpoints.setLong(3, Checkpoints.firstSeqToKeep(standIns, keepLast));
    pruneCheckpoints.executeUpdate();
  }

  private void appendEvent(Event event) throws SQLException {
    var s = insertEvent;
    s.setString(1, event.jobId());
    Columns.setInstant(s, 2, event.at(), "at of event " + event.type() + " of job '" + event.jobId() + "'");
    s.setString(3, event.type());
    s.setString(4, EventJson.encode(event));
    s.executeUpdate();
  }

  private void recordLatency(String agentKind, Duration latency, int keepLast) throws SQLException {
    insertLatency.setString(1, agentKind);
    insertLatency.setLong(2, latency.toNanos());
    insertLatency.executeUpdate();
    pruneLatencies.setString(1, agentKind);
    pruneLatencies.setInt(2, keepLast);
    pruneLatencies.executeUpdate();
  }

  private void requireReferences(Map<String, String> jobRefs, Map<List<String>, String> stepRefs)
      throws SQLException {
    for (var ref : jobRefs.entrySet()) {
      jobExists.setString(1, ref.getKey());
      if (!exists(jobExists)) {
        throw new StoreException(ref.getValue() + " refers to job '" + ref.getKey() + "', which does not exist");
      }
    }
    for (var ref : stepRefs.entrySet()) {
      stepExists.setString(1, ref.getKey().get(0));
      stepExists.setString(2, ref.getKey().get(1));
      if (!exists(stepExists)) {
        throw new StoreException(ref.getValue() + " refers to step '" + ref.getKey().get(1) + "' of job '"
            + ref.getKey().get(0) + "', which does not exist");
      }
    }
  }

  private static boolean exists(PreparedStatement query) throws SQLException {
    try (var rows = query.executeQuery()) {
      return rows.next();
    }
  }
}
