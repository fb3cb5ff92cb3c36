package io.lifeline.store.jdbc;

import static io.lifeline.store.StoreFixtures.job;
import static io.lifeline.store.StoreFixtures.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeline.store.StoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files that {@link SqliteStore#open} must refuse, naming the file and the problem, and leave
 * exactly as they were.
 */
class SqliteRefusalTest {

  @TempDir
  Path dataDir;

  Path file() {
    return dataDir.resolve(SqliteStore.FILE_NAME);
  }

  @Test
  void randomBytesAreNotADatabase() throws IOException {
    byte[] noise = new byte[8192];
    new Random(1).nextBytes(noise);
    Files.write(file(), noise);

    assertRefusedUntouched("is not an SQLite database", true);
  }

  @Test
  void aShortTextFileIsNotADatabase() throws IOException {
    Files.writeString(file(), "hello");

    assertRefusedUntouched("is not an SQLite database", true);
  }

  @Test
  void aCorruptDatabaseIsRefused() throws IOException {
    byte[] corrupt = new byte[8192];
    new Random(2).nextBytes(corrupt);
    byte[] header = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(header, 0, corrupt, 0, header.length);
    Files.write(file(), corrupt);

    assertRefusedUntouched("may be corrupt", true);
  }

  @Test
  void someoneElsesDatabaseIsRefused() throws SQLException {
    try (Connection other = raw()) {
      other.createStatement().execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)");
      other.createStatement().execute("INSERT INTO customers (name) VALUES ('Ada')");
    }

    assertRefusedUntouched("is not a Lifeline database: it holds table customers but no lifeline_meta", true);
  }

  @Test
  void aMetaTableOfAnotherApplicationIsRefused() throws SQLException {
    try (Connection other = raw()) {
      other.createStatement().execute("CREATE TABLE lifeline_meta (key TEXT PRIMARY KEY, value TEXT)");
      other.createStatement().execute("INSERT INTO lifeline_meta VALUES ('application', 'lifeline-clone')");
    }

    assertRefusedUntouched("names application 'lifeline-clone'", true);
  }

  @Test
  void aNewerSchemaVersionIsRefused() throws SQLException {
    SqliteStore.open(dataDir).close();
    try (Connection later = raw()) {
      later.createStatement().execute("UPDATE lifeline_meta SET value = '4' WHERE key = 'schema_version'");
    }

    // a WAL database: a read-only look may leave SQLite's -shm/-wal beside it, never change it
    assertRefusedUntouched("has schema version 4, newer than version 3", false);
  }

  @Test
  void aMalformedSchemaVersionIsRefused() throws SQLException {
    SqliteStore.open(dataDir).close();
    try (Connection broken = raw()) {
      broken.createStatement().execute("UPDATE lifeline_meta SET value = 'one' WHERE key = 'schema_version'");
    }

    assertRefusedUntouched("has schema_version 'one'", false);
  }

  @Test
  void aDirectoryWhereTheFileShouldBeIsRefused() throws IOException {
    Files.createDirectory(file());

    assertThatThrownBy(() -> SqliteStore.open(dataDir))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(file().toString())
        .hasMessageContaining("is not a regular file");
  }

  @Test
  void aFileWhereTheDirectoryShouldBeIsRefused() throws IOException {
    Path notADirectory = Files.writeString(dataDir.resolve("data"), "x");

    assertThatThrownBy(() -> SqliteStore.open(notADirectory))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("cannot create data directory " + notADirectory);
  }

  @Test
  void anEmptyFileBecomesALifelineDatabase() throws IOException {
    Files.createFile(file());

    try (var store = SqliteStore.open(dataDir)) {
      store.commit(List.of(put(job("j1"))));
      assertThat(store.job("j1")).isPresent();
    }
  }

  @Test
  void anEmptyDatabaseBecomesALifelineDatabase() throws SQLException {
    try (Connection empty = raw()) {
      empty.createStatement().execute("PRAGMA user_version = 0"); // writes the header, adds no table
    }

    try (var store = SqliteStore.open(dataDir)) {
      store.commit(List.of(put(job("j1"))));
      assertThat(store.job("j1")).isPresent();
    }
  }

  private void assertRefusedUntouched(String problem, boolean sameDirectory) {
    var before = FileSnapshot.of(file());

    assertThatThrownBy(() -> SqliteStore.open(dataDir))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(file().toString())
        .hasMessageContaining(problem);

    var after = FileSnapshot.of(file());
    assertThat(after.sameFileAs(before)).as("file unchanged").isTrue();
    if (sameDirectory) {
      assertThat(after.directory()).isEqualTo(before.directory());
    }
  }

  private Connection raw() throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + file());
  }
}
