package io.lifeline.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeline.store.JobRecord;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * I1 against {@code kill -9}: every commit that returned in a process that is then killed is there
 * when the store is opened again (from the WAL, which was never folded back into the file). Power
 * loss, the other half of I1, rests on synchronous=FULL, which {@link MigrationsTest} checks.
 */
class SqliteKillTest {

  private static final int JOBS = 25;

  @TempDir
  Path dataDir;

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void everyReturnedCommitSurvivesKill9() throws Exception {
    Path stderr = dataDir.resolveSibling(dataDir.getFileName() + "-victim.err");
    var victim = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), CommitThenWait.class.getName(), dataDir.toString(),
        String.valueOf(JOBS))
        .redirectError(stderr.toFile())
        .start();
    try (var out = new BufferedReader(new InputStreamReader(victim.getInputStream(), StandardCharsets.UTF_8))) {
      for (int i = 0; i < JOBS; i++) {
        assertThat(out.readLine()).as(() -> "victim's stderr: " + read(stderr)).isEqualTo("committed j" + i);
      }
    } finally {
      victim.destroyForcibly(); // SIGKILL: no shutdown hooks, no close, no checkpoint
      victim.waitFor();
    }
    assertThat(Files.exists(dataDir.resolve(SqliteStore.FILE_NAME + "-wal"))).as("WAL left behind").isTrue();

    try (var store = SqliteStore.open(dataDir)) {
      assertThat(store.jobs(Optional.empty(), 100)).extracting(JobRecord::jobId).hasSize(JOBS).startsWith("j0", "j1");
      assertThat(store.events(0, 100)).hasSize(JOBS);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      return "(unreadable: " + e + ")";
    }
  }
}
