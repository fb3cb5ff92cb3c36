package io.lifeline.store.jdbc;

import static io.lifeline.store.StoreFixtures.job;
import static io.lifeline.store.StoreFixtures.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeline.store.Budget;
import io.lifeline.store.Write;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsTest {

  @TempDir
  Path dataDir;

  @Test
  void aNewDatabaseGetsTheLatestSchema() throws SQLException {
    SqliteStore.open(dataDir).close();

    try (Connection c = Connections.reader(file())) {
      assertThat(meta(c, "application")).isEqualTo("lifeline");
      assertThat(meta(c, "schema_version")).isEqualTo("3");
      assertThat(tables(c)).contains("jobs", "steps", "outputs", "checkpoints", "events", "latencies", "lifeline_meta");
    }
  }

  @Test
  void migratingACurrentDatabaseAppliesNothing() throws Exception {
    try (Connection c = Connections.writer(file())) {
      var migrations = Migrations.sqlite();
      var transactions = new Transactions(c);
      assertThat(migrations.migrate(c, transactions, file())).isEqualTo(3);
      assertThat(migrations.migrate(c, transactions, file())).isZero();
    }
  }

  @Test
  void aVersion1DatabaseIsUpgradedToKeepLatenciesAndKeepsItsJobs() throws Exception {
    try (Connection c = Connections.writer(file())) {
      new Migrations(List.of(script("V1__schema"))).migrate(c, new Transactions(c), file());
      c.createStatement().execute("INSERT INTO jobs (job_id, workflow, input, idempotency_key, state, max_attempts,"
          + " max_tokens, max_cost, attempts_used, tokens_used, cost_used, submitted_at, reason)"
          + " VALUES ('j1', 'w', '', 'k1', 'RUNNING', 1, 1, 1, 0, 0, 0, 0, '')");
    }

    try (var store = SqliteStore.open(dataDir)) {
      assertThat(store.job("j1")).isPresent();
      assertThat(store.latencies()).isEmpty();
      store.commit(List.of(new Write.RecordLatency("text", Duration.ofSeconds(3), 5)));
      assertThat(store.latencies()).containsOnlyKeys("text");
    }
    try (Connection c = Connections.reader(file())) {
      assertThat(meta(c, "schema_version")).isEqualTo("3");
    }
  }

  @Test
  void reopeningACurrentDatabaseLeavesItsFileAsItWas() {
    try (var store = SqliteStore.open(dataDir)) {
      store.commit(List.of(put(job("j1"))));
    }
    var before = FileSnapshot.of(file());

    try (var store = SqliteStore.open(dataDir)) {
      assertThat(store.job("j1")).isPresent();
    }

    var after = FileSnapshot.of(file());
    assertThat(after.sameFileAs(before)).isTrue();
    assertThat(after.directory()).isEqualTo(before.directory());
  }

  @Test
  void aLaterScriptUpgradesADatabaseAndKeepsItsData() throws Exception {
    try (var store = SqliteStore.open(dataDir)) {
      store.commit(List.of(put(job("j1"))));
    }
    var withV4 = new Migrations(List.of(script("V1__schema"), script("V2__budget_low_at"), script("V3__latencies"),
        "ALTER TABLE jobs ADD COLUMN note TEXT;\n"));

    try (Connection c = Connections.writer(file())) {
      assertThat(withV4.migrate(c, new Transactions(c), file())).isEqualTo(1);
      assertThat(meta(c, "schema_version")).isEqualTo("4");
      assertThat(count(c, "SELECT count(*) FROM jobs WHERE note IS NULL")).isEqualTo(1);
    }
  }

  @Test
  void version2GivesTheJobsOfAVersion1DatabaseTheLowBudgetShareTheyHad() throws Exception {
    try (Connection c = Connections.writer(file())) {
      new Migrations(List.of(script("V1__schema"))).migrate(c, new Transactions(c), file());
      c.createStatement().execute("""
          INSERT INTO jobs (job_id, workflow, input, idempotency_key, state, max_attempts, max_tokens, max_cost,
                            attempts_used, tokens_used, cost_used, submitted_at, reason)
          VALUES ('j1', 'w', '', 'k1', 'RUNNING', 7, 5000, 12.5, 1, 10, 0.5, 0, '')""");
    }

    try (var store = SqliteStore.open(dataDir)) {
      assertThat(store.job("j1").orElseThrow().budget()).isEqualTo(new Budget(7, 5000, 12.5, 0.25));
    }
  }

  @Test
  void aFailingMigrationLeavesTheDatabaseAtItsVersion() throws Exception {
    SqliteStore.open(dataDir).close();
    var broken = new Migrations(List.of(script("V1__schema"), script("V2__budget_low_at"), script("V3__latencies"),
        "CREATE TABLE extra (x INTEGER);\nTHIS IS NOT SQL;\n"));

    try (Connection c = Connections.writer(file())) {
      assertThatThrownBy(() -> broken.migrate(c, new Transactions(c), file())).isInstanceOf(SQLException.class);
      assertThat(meta(c, "schema_version")).isEqualTo("3");
      assertThat(tables(c)).doesNotContain("extra");
    }
  }

  @Test
  void aFailingMigrationOfANewDatabaseCreatesNothing() throws Exception {
    var broken = new Migrations(List.of(script("V1__schema"), "THIS IS NOT SQL;\n"));

    try (Connection c = Connections.writer(file())) {
      assertThatThrownBy(() -> broken.migrate(c, new Transactions(c), file())).isInstanceOf(SQLException.class);
      assertThat(tables(c)).isEmpty();
    }
  }

  @Test
  void theWriterRunsWalWithFullSyncAndForeignKeys() throws SQLException {
    try (Connection c = Connections.writer(file())) {
      assertThat(pragma(c, "journal_mode")).isEqualTo("wal");
      assertThat(pragma(c, "synchronous")).isEqualTo("2"); // FULL
      assertThat(pragma(c, "foreign_keys")).isEqualTo("1");
      assertThat(pragma(c, "busy_timeout")).isEqualTo("5000");
    }
  }

  private Path file() {
    return dataDir.resolve(SqliteStore.FILE_NAME);
  }

  private static String script(String name) throws IOException {
    try (InputStream in = Migrations.class.getResourceAsStream("sqlite/" + name + ".sql")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String meta(Connection c, String key) throws SQLException {
    try (var s = c.prepareStatement("SELECT value FROM lifeline_meta WHERE key = ?")) {
      s.setString(1, key);
      try (var rows = s.executeQuery()) {
        return rows.next() ? rows.getString(1) : null;
      }
    }
  }

  private static List<String> tables(Connection c) throws SQLException {
    var tables = new ArrayList<String>();
    try (var rows = c.createStatement().executeQuery(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")) {
      while (rows.next()) {
        tables.add(rows.getString(1));
      }
    }
    return tables;
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (var rows = c.createStatement().executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static String pragma(Connection c, String name) throws SQLException {
    try (var rows = c.createStatement().executeQuery("PRAGMA " + name)) {
      rows.next();
      return rows.getString(1);
    }
  }
}
