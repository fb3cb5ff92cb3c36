package io.lifeline.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Runs work in one transaction on a connection in autocommit mode, with the three statements
 * prepared once because the write path runs one transaction per batch.
 *
 * <p>{@code BEGIN IMMEDIATE} takes the write lock up front: a transaction that reads before it
 * writes then cannot fail half-way on a lock another process took in between.
 */
final class Transactions {

  /** Work that runs inside the transaction. */
  @FunctionalInterface
  interface Work<T> {
    T run() throws SQLException;
  }

  private final PreparedStatement begin;
  private final PreparedStatement commit;
  private final PreparedStatement rollback;

  Transactions(Connection connection) throws SQLException {
    begin = connection.prepareStatement("BEGIN IMMEDIATE");
    commit = connection.prepareStatement("COMMIT");
    rollback = connection.prepareStatement("ROLLBACK");
  }

  /** Commits what {@code work} did, or rolls all of it back and rethrows what went wrong. */
  <T> T run(Work<T> work) throws SQLException {
    begin.execute();
    try {
      T result = work.run();
      commit.execute();
      return result;
    } catch (SQLException | RuntimeException e) {
      try {
        rollback.execute();
      } catch (SQLException notRolledBack) {
        // Some errors (disk full, I/O) make SQLite roll back by itself; keep the report anyway.
        e.addSuppressed(notRolledBack);
      }
      throw e;
    }
  }
}
