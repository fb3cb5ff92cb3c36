package io.lifeline.store.jdbc;

import io.lifeline.store.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.sqlite.SQLiteConfig;

/** Opens SQLite connections with the settings Lifeline's guarantees depend on. */
final class Connections {

  /**
   * How long a statement waits for a lock that another process holds (the {@code sqlite3} shell,
   * a backup) before failing. Long enough to ride out a short read; short enough that a stuck
   * holder surfaces as an error instead of a silently hung coordinator.
   */
  static final Duration BUSY_TIMEOUT = Duration.ofSeconds(5);

  private Connections() {}

  /**
   * The one connection that writes. WAL lets readers go on while it commits; synchronous=FULL makes
   * every COMMIT fsync the WAL before returning (I1); foreign keys catch rows that refer to nothing.
   * Autocommit stays on and transactions are explicit ({@link Transactions}): with autocommit off,
   * the driver begins the next transaction right after each commit, which would hold the write
   * lock between batches.
   */
  static Connection writer(Path file) throws SQLException {
    var config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.enforceForeignKeys(true);
    config.setBusyTimeout((int) BUSY_TIMEOUT.toMillis());
    Connection connection = config.createConnection(url(file));
    try {
      require(connection, file, "journal_mode", "wal");
      require(connection, file, "synchronous", "2");
      require(connection, file, "foreign_keys", "1");
      return connection;
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  /** A connection that cannot write: for reads, and for looking at a file before trusting it. */
  static Connection reader(Path file) throws SQLException {
    var config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout((int) BUSY_TIMEOUT.toMillis());
    return config.createConnection(url(file));
  }

  /** SQLite ignores a setting it cannot apply (WAL on some file systems), so check each one. */
  private static void require(Connection connection, Path file, String pragma, String expected)
      throws SQLException {
    try (var statement = connection.createStatement();
        var row = statement.executeQuery("PRAGMA " + pragma)) {
      String actual = row.next() ? row.getString(1) : null;
      if (!expected.equalsIgnoreCase(actual)) {
        throw new StoreException(file + ": SQLite did not accept " + pragma + "=" + expected + " (it is "
            + actual + "); Lifeline needs it for durable commits");
      }
    }
  }

  private static String url(Path file) {
    return "jdbc:sqlite:" + file.toAbsolutePath();
  }
}
