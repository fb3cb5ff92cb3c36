package io.lifeline.store.jdbc;

import io.lifeline.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The schema's history as ordered SQL scripts: script {@code i} (from 0) takes a database from
 * version {@code i} to {@code i + 1}. Every pending script and the new version number are applied
 * in one transaction (SQLite's DDL is transactional), so a database is always at one version,
 * never between two, even if the process dies while migrating.
 *
 * <p>A script's statements end with a semicolon at the end of a line; lines that start with
 * {@code --} are comments.
 */
final class Migrations {

  /** SQLite's scripts in order, as resources beside this class. Append; never edit a released one. */
  private static final List<String> SQLITE = List.of("sqlite/V1__schema.sql", "sqlite/V2__budget_low_at.sql",
      "sqlite/V3__latencies.sql");

  private final List<String> scripts;

  /** @param scripts the SQL of each version, oldest first */
  Migrations(List<String> scripts) {
    this.scripts = List.copyOf(scripts);
  }

  static Migrations sqlite() {
    return new Migrations(SQLITE.stream().map(Migrations::resource).toList());
  }

  /** The version this code writes. */
  int latest() {
    return scripts.size();
  }

  /**
   * Brings the database to {@link #latest()}, re-reading its version under the write lock so that
   * two processes opening one file cannot both migrate it.
   *
   * @param transactions the transactions of {@code connection}
   *
   * @return how many scripts were applied; 0 when the database was already current
   */
  int migrate(Connection connection, Transactions transactions, Path file) throws SQLException {
    return transactions.run(() -> {
      int from = SchemaVersion.read(connection, file, latest());
      try (var statement = connection.createStatement()) {
        for (int version = from; version < latest(); version++) {
          for (String sql : statements(scripts.get(version))) {
            statement.execute(sql);
          }
        }
        if (from < latest()) {
          statement.execute("INSERT INTO " + SchemaVersion.META_TABLE + " (key, value) VALUES ('schema_version', '"
              + latest() + "') ON CONFLICT (key) DO UPDATE SET value = excluded.value");
        }
      }
      return latest() - from;
    });
  }

  private static List<String> statements(String script) {
    var statements = new ArrayList<String>();
    var current = new StringBuilder();
    for (String line : script.split("\n")) {
      if (line.strip().startsWith("--")) {
        continue;
      }
      current.append(line).append('\n');
      if (line.stripTrailing().endsWith(";")) {
        statements.add(current.toString().strip());
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      throw new IllegalArgumentException("migration script ends without ';': " + current.toString().strip());
    }
    return statements;
  }

  private static String resource(String name) {
    try (InputStream in = Migrations.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new StoreException("migration script " + name + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new StoreException("cannot read migration script " + name + ": " + e, e);
    }
  }
}
