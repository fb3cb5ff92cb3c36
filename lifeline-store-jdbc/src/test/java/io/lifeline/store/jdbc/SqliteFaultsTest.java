package io.lifeline.store.jdbc;

import static io.lifeline.checkpoint.CheckpointKind.FULL;
import static io.lifeline.store.StoreFixtures.T0;
import static io.lifeline.store.StoreFixtures.checkpoint;
import static io.lifeline.store.StoreFixtures.job;
import static io.lifeline.store.StoreFixtures.output;
import static io.lifeline.store.StoreFixtures.put;
import static io.lifeline.store.StoreFixtures.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeline.checkpoint.Checkpoint;
import io.lifeline.event.Event;
import io.lifeline.store.Budget;
import io.lifeline.store.JobRecord;
import io.lifeline.store.JobState;
import io.lifeline.store.StepState;
import io.lifeline.store.StoreException;
import io.lifeline.store.Write;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the SQLite store does when a commit fails inside SQLite, and how its errors read. */
class SqliteFaultsTest {

  @TempDir
  Path dataDir;

  SqliteStore store;

  @BeforeEach
  void open() {
    store = SqliteStore.open(dataDir);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void aFailureInjectedAtTheLastWriteUndoesTheWholeBatch() throws SQLException {
    store.commit(List.of(put(job("j1")), put(step("j1", "s")), put(checkpoint("j1", "s", 1, FULL), 5),
        put(checkpoint("j1", "s", 2, FULL), 5)));
    try (Connection saboteur = raw()) {
      saboteur.createStatement().execute("""
          CREATE TRIGGER boom BEFORE INSERT ON events WHEN NEW.type = 'JobFailed'
          BEGIN SELECT RAISE(ABORT, 'injected failure'); END""");
    }
    List<Write> batch = List.of(put(job("j2")), put(step("j1", "s", StepState.SUCCEEDED)), put("j1", "s", output("x")),
        put(checkpoint("j1", "s", 3, FULL), 1), new Write.AppendEvent(new Event.JobFailed("j1", T0, "s", "boom")));

    assertThatThrownBy(() -> store.commit(batch))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(dataDir.resolve(SqliteStore.FILE_NAME).toString())
        .hasMessageContaining("none of its 5 writes was made")
        .hasMessageContaining("injected failure");
    assertUntouchedByTheBatch();
    store.close();
    store = SqliteStore.open(dataDir);
    assertUntouchedByTheBatch();
  }

  private void assertUntouchedByTheBatch() {
    assertThat(store.job("j2")).isEmpty();
    assertThat(store.steps("j1")).singleElement().extracting(s -> s.state()).isEqualTo(StepState.READY);
    assertThat(store.output("j1", "s")).isEmpty();
    assertThat(store.checkpoints("j1", "s")).extracting(Checkpoint::seq).containsExactly(1L, 2L);
    assertThat(store.events(0, 100)).isEmpty();
  }

  @Test
  void anInstantOutsideTheKeptRangeIsRefusedWithTheBatch() {
    var late = new JobRecord("late", "w", Map.of(), "k", JobState.QUEUED, Budget.DEFAULT, 0, 0, 0,
        Instant.parse("2300-01-01T00:00:00Z"), Optional.empty(), "");

    assertThatThrownBy(() -> store.commit(List.of(put(job("j1")), put(late))))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("submittedAt of job 'late' is 2300-01-01T00:00:00Z")
        .hasMessageContaining("1677-09-22 to 2262-04-11");
    assertThat(store.job("j1")).isEmpty();
  }

  @Test
  void refusalsNameTheRowAndTheValue() {
    store.commit(List.of(put(job("j1"))));

    assertThatThrownBy(() -> store.commit(List.of(put(job("j2", JobState.QUEUED, "key-j1")))))
        .hasMessageContaining("idempotency key 'key-j1' of job 'j2' already belongs to another job");
    assertThatThrownBy(() -> store.commit(List.of(put(step("ghost", "draft")))))
        .hasMessageContaining("step 'draft' refers to job 'ghost', which does not exist");
    var orphan = new Checkpoint("j1", "draft", 1, 7, T0, FULL, new byte[0], 0);
    assertThatThrownBy(() -> store.commit(List.of(put(orphan, 5))))
        .hasMessageContaining("checkpoint 7 refers to step 'draft' of job 'j1', which does not exist");
  }

  @Test
  void aCorruptValueInTheFileIsReportedNotReturned() throws SQLException {
    store.commit(List.of(put(job("j1"))));
    try (Connection vandal = raw()) {
      vandal.createStatement().execute("UPDATE jobs SET state = 'EXPLODED' WHERE job_id = 'j1'");
    }

    assertThatThrownBy(() -> store.job("j1"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("cannot read job 'j1'")
        .hasMessageContaining("EXPLODED");
  }

  @Test
  void aClosedStoreRefusesReadsToo() {
    store.close();

    assertThatThrownBy(() -> store.job("j1")).isInstanceOf(StoreException.class).hasMessageContaining("closed");
  }

  private Connection raw() throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve(SqliteStore.FILE_NAME));
  }
}
