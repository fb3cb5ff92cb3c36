package io.lifeline.store.jdbc;

import io.lifeline.checkpoint.Checkpoint;
import io.lifeline.model.Output;
import io.lifeline.store.JobRecord;
import io.lifeline.store.JobState;
import io.lifeline.store.StepRecord;
import io.lifeline.store.Store;
import io.lifeline.store.StoreException;
import io.lifeline.store.StoredEvent;
import io.lifeline.store.Write;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The embedded single-node store: one SQLite database, {@value #FILE_NAME}, in a data directory.
 *
 * <p><b>Durability (I1).</b> The database runs in WAL mode with {@code synchronous=FULL}: when
 * {@link #commit} returns, the batch's transaction is fsync'd to the WAL and survives {@code kill -9}
 * and power loss. When it throws, none of the batch is visible.
 *
 * <p><b>Concurrency.</b> Commits serialize on one write connection, one transaction per batch with
 * statements prepared once, so the cost of a commit is mostly its fsync whatever the batch size.
 * Reads go through a second, read-only connection under their own lock: under WAL a reader sees
 * the last committed state and never waits for a commit's fsync. All methods are thread-safe.
 *
 * <p><b>Opening.</b> {@link #open} creates the directory and the database as needed and migrates
 * the schema to the version this code knows, in one transaction. It refuses, with a
 * {@link StoreException} naming the file and the problem and without changing the file, a file
 * that is not an SQLite database or is corrupt, a database with tables that is not Lifeline's,
 * and a Lifeline database of a newer schema version.
 *
 * <p><b>Values.</b> Instants are kept to the nanosecond within 1677–2262 (others are refused);
 * maps as {@link KeyValueText}; doubles, longs and bytes exactly.
 */
public final class SqliteStore implements Store {

  /** The database's file name inside the data directory. */
  public static final String FILE_NAME = "lifeline.db";

  private final Path file;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final Connection writeConnection;
  private final BatchWriter writer;
  private final ReentrantLock readLock = new ReentrantLock();
  private final Connection readConnection;
  private final Reads reads;
  private volatile boolean closed;

  private SqliteStore(Path file, Connection writeConnection, Transactions transactions, Connection readConnection)
      throws SQLException {
    this.file = file;
    this.writeConnection = writeConnection;
    this.writer = new BatchWriter(writeConnection, transactions);
    this.readConnection = readConnection;
    this.reads = new Reads(readConnection);
  }

  /**
   * Opens the store in {@code dataDir}, creating the directory and {@value #FILE_NAME} if needed.
   *
   * @throws StoreException if the directory or file cannot be created or opened, or the file is
   *     refused (see the class comment); a refused file is left as it was
   */
  public static SqliteStore open(Path dataDir) {
    Path file = dataDir.resolve(FILE_NAME);
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new StoreException("cannot create data directory " + dataDir + ": " + e, e);
    }
    var migrations = Migrations.sqlite();
    Preflight.check(file, migrations.latest());
    Connection writeConnection = null;
    Connection readConnection = null;
    try {
      writeConnection = Connections.writer(file);
      var transactions = new Transactions(writeConnection);
      migrations.migrate(writeConnection, transactions, file);
      readConnection = Connections.reader(file);
      return new SqliteStore(file, writeConnection, transactions, readConnection);
    } catch (SQLException | RuntimeException e) {
      closeAll(e, readConnection, writeConnection);
      throw e instanceof StoreException refused
          ? refused
          : new StoreException(file + ": cannot open: " + e.getMessage(), e);
    }
  }

  @Override
  public void commit(List<Write> batch) {
    writeLock.lock();
    try {
      ensureOpen();
      try {
        writer.commit(batch);
      } catch (SQLException | StoreException e) {
        throw new StoreException(file + ": commit failed, none of its " + batch.size() + " writes was made: "
            + e.getMessage(), e);
      }
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public Optional<JobRecord> job(String jobId) {
    return read("job '" + jobId + "'", r -> r.job(jobId));
  }

  @Override
  public Optional<JobRecord> jobByIdempotencyKey(String idempotencyKey) {
    return read("the job of idempotency key '" + idempotencyKey + "'", r -> r.jobByIdempotencyKey(idempotencyKey));
  }

  @Override
  public List<JobRecord> unfinishedJobs() {
    return read("unfinished jobs", Reads::unfinishedJobs);
  }

  @Override
  public List<JobRecord> jobs(Optional<JobState> state, int limit) {
    requireLimit(limit);
    return read("jobs", r -> r.jobs(state, limit));
  }

  @Override
  public Map<JobState, Long> countByState() {
    return read("job counts", Reads::countByState);
  }

  @Override
  public List<StepRecord> steps(String jobId) {
    return read("steps of job '" + jobId + "'", r -> r.steps(jobId));
  }

  @Override
  public Optional<Output> output(String jobId, String stepId) {
    return read("output of step '" + stepId + "' of job '" + jobId + "'", r -> r.output(jobId, stepId));
  }

  @Override
  public List<Checkpoint> checkpoints(String jobId, String stepId) {
    return read("checkpoints of step '" + stepId + "' of job '" + jobId + "'", r -> r.checkpoints(jobId, stepId));
  }

  @Override
  public List<StoredEvent> history(String jobId) {
    if (jobId.isEmpty()) {
      return List.of(); // agent events belong to no job
    }
    return read("history of job '" + jobId + "'", r -> r.history(jobId));
  }

  @Override
  public List<StoredEvent> events(long afterSeq, int limit) {
    requireLimit(limit);
    return read("events after " + afterSeq, r -> r.events(afterSeq, limit));
  }

  @Override
  public Map<String, List<Duration>> latencies() {
    return read("latencies", Reads::latencies);
  }

  /** Closes both connections; the last one to close folds the WAL back into the database file. */
  @Override
  public void close() {
    writeLock.lock();
    readLock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      var failure = new StoreException(file + ": closing failed");
      closeAll(failure, readConnection, writeConnection);
      if (failure.getSuppressed().length > 0) {
        throw failure;
      }
    } finally {
      readLock.unlock();
      writeLock.unlock();
    }
  }

  @FunctionalInterface
  private interface Query<T> {
    T run(Reads reads) throws SQLException;
  }

  private <T> T read(String what, Query<T> query) {
    readLock.lock();
    try {
      ensureOpen();
      try {
        return query.run(reads);
      } catch (SQLException | StoreException | IllegalArgumentException e) {
        // the last two: a value in the file that no record accepts, such as an unknown state
        throw new StoreException(file + ": cannot read " + what + ": " + e.getMessage(), e);
      }
    } finally {
      readLock.unlock();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new StoreException(file + ": the store is closed");
    }
  }

  private static void requireLimit(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit cannot be negative: " + limit);
    }
  }

  private static void closeAll(Exception failure, Connection... connections) {
    for (Connection connection : connections) {
      if (connection == null) {
        continue;
      }
      try {
        connection.close();
      } catch (SQLException e) {
        failure.addSuppressed(e);
      }
    }
  }
}
