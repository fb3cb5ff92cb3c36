package io.lifeline.store.jdbc;

import io.lifeline.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * Looks at an existing database file before anything opens it for writing. Opening for writing
 * would already change a file (switching it to WAL), so a file that Lifeline must refuse — not a
 * database, corrupt, someone else's, or from a newer Lifeline — is refused here, read-only, and
 * its bytes stay as they were.
 */
final class Preflight {

  /** Every SQLite 3 database file starts with these 16 bytes. */
  private static final byte[] HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

  private Preflight() {}

  /**
   * Returns if {@code file} is absent, empty, or a Lifeline database of version {@code latest} or
   * older, or a database with nothing in it; throws {@link StoreException} naming the file and the
   * problem otherwise.
   */
  static void check(Path file, int latest) {
    if (!Files.exists(file)) {
      return;
    }
    if (!Files.isRegularFile(file)) {
      throw new StoreException(file + " is not a regular file");
    }
    if (!startsWithHeader(file)) {
      throw new StoreException(file + " is not an SQLite database (it does not start with the SQLite header); "
          + "refusing to change it");
    }
    try (Connection connection = Connections.reader(file)) {
      SchemaVersion.read(connection, file, latest);
    } catch (SQLException e) {
      throw new StoreException(file + " cannot be read as an SQLite database, it may be corrupt ("
          + e.getMessage() + "); refusing to change it", e);
    }
  }

  /** True for an empty file too: SQLite treats it as an empty database. */
  private static boolean startsWithHeader(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] start = in.readNBytes(HEADER.length);
      return start.length == 0 || Arrays.equals(start, HEADER);
    } catch (IOException e) {
      throw new StoreException(file + " cannot be read: " + e, e);
    }
  }
}
