package io.lifeline.store.jdbc;

import io.lifeline.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Optional;

/**
 * Instants in SQLite columns. SQLite has no time type, so an instant is INTEGER nanoseconds since
 * the epoch: exact (what was written reads back equal), sortable in SQL, and wide enough for
 * 1677-09-22 to 2262-04-11. An instant outside that range is refused rather than clipped.
 */
final class Columns {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private Columns() {}

  /**
   * @param what names the value in the error, e.g. {@code "submittedAt of job 'j1'"}
   */
  static void setInstant(PreparedStatement statement, int index, Instant instant, String what)
      throws SQLException {
    statement.setLong(index, nanos(instant, what));
  }

  static void setInstant(PreparedStatement statement, int index, Optional<Instant> instant, String what)
      throws SQLException {
    if (instant.isPresent()) {
      setInstant(statement, index, instant.get(), what);
    } else {
      statement.setNull(index, Types.INTEGER);
    }
  }

  static Instant instant(ResultSet row, String column) throws SQLException {
    return Instant.ofEpochSecond(0, row.getLong(column));
  }

  static Optional<Instant> optionalInstant(ResultSet row, String column) throws SQLException {
    long nanos = row.getLong(column);
    return row.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochSecond(0, nanos));
  }

  private static long nanos(Instant instant, String what) {
    try {
      return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), NANOS_PER_SECOND), instant.getNano());
    } catch (ArithmeticException e) {
      throw new StoreException(what + " is " + instant
          + ", outside what the SQLite store keeps (1677-09-22 to 2262-04-11)");
    }
  }
}
