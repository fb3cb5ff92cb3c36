package io.lifeline.store.jdbc;

import static io.lifeline.store.StoreFixtures.append;
import static io.lifeline.store.StoreFixtures.failed;
import static io.lifeline.store.StoreFixtures.jobWithStep;
import static io.lifeline.store.StoreFixtures.put;
import static io.lifeline.store.StoreFixtures.step;

import io.lifeline.store.StepRecord;
import io.lifeline.store.StepState;
import io.lifeline.store.Write;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures what group commit buys on SQLite with synchronous=FULL: commits per second with 1 write
 * per batch against 100. Not a test (timings depend on the disk and the neighbours); run it by
 * hand with a directory on the disk to measure, as the class path of this module's tests:
 *
 * <pre>java -cp … io.lifeline.store.jdbc.CommitThroughput [dataDir] [secondsPerSize]</pre>
 *
 * Each write is a step update or an event append, alternating, as the coordinator's batches are.
 * Every step update changes the row: SQLite writes nothing for a row overwritten with the same
 * bytes, so a batch of identical updates would commit without an fsync and measure nothing.
 */
final class CommitThroughput {

  /** One warm-up pass lets the JIT and the page cache settle before anything is counted. */
  private static final Duration WARM_UP = Duration.ofSeconds(1);

  private CommitThroughput() {}

  public static void main(String[] args) throws IOException {
    Path dataDir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("lifeline-throughput");
    var measured = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 5);
    try (var store = SqliteStore.open(dataDir)) {
      store.commit(jobWithStep("bench", "s"));
      for (int size : new int[] {1, 100}) {
        run(store, size, WARM_UP);
        long start = System.nanoTime();
        long commits = run(store, size, measured);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
            "%3d writes/commit: %8.1f commits/s, %9.1f writes/s, %6.2f ms/commit (%d commits in %.1f s)%n",
            size, commits / seconds, commits * size / seconds, seconds * 1e3 / commits, commits, seconds);
      }
    }
    System.out.println("data directory: " + dataDir);
  }

  private static List<Write> batch(int size, long commit) {
    var batch = new ArrayList<Write>(size);
    for (int i = 0; i < size; i++) {
      int attempt = (int) (commit * size + i);
      batch.add(i % 2 == 0 ? put(running(attempt)) : append(failed("bench", "s", attempt)));
    }
    return batch;
  }

  private static StepRecord running(int attempt) {
    var step = step("bench", "s", StepState.RUNNING);
    return new StepRecord(step.jobId(), step.stepId(), step.state(), attempt, "writer-1", 0, step.notBefore(),
        "", List.of(), "");
  }

  private static long run(SqliteStore store, int size, Duration duration) {
    long end = System.nanoTime() + duration.toNanos();
    long commits = 0;
    while (end - System.nanoTime() > 0) {
      store.commit(batch(size, commits));
      commits++;
    }
    return commits;
  }
}
