package io.lifeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifeline.store.JobState;
import io.lifeline.store.jdbc.SqliteStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the demo as a child process, kills it with SIGKILL at random moments several times,
 * resumes it each time, and checks that every submitted job ends exactly once (I1, I2, I3).
 * The kill points are drawn from a fixed seed and counted in output lines, not in time.
 */
class KillAndResumeTest {

  static final int JOBS = 40;
  static final int KILLS = 3;
  static final long SEED = 20261125L;

  @Test
  @Timeout(value = 8, unit = TimeUnit.MINUTES)
  void everyJobEndsExactlyOnceAcrossKills(@TempDir Path dir) throws Exception {
    var random = new Random(SEED);
    Path data = dir.resolve("data");
    Path json = dir.resolve("summary.json");
    var child = Child.start("demo", "--jobs", Integer.toString(JOBS), "--seed", "3", "--data-dir", data.toString());
    for (int kill = 0; kill < KILLS; kill++) {
      int lines = 2 + random.nextInt(25);
      boolean alive = child.awaitLines(lines);
      assertThat(alive).as("run %d ended before it could be killed after %d lines:%n%s", kill, lines, child.output()).isTrue();
      child.process.destroyForcibly(); // SIGKILL on Linux
      child.process.waitFor();
      child = Child.start("demo", "--resume", "--data-dir", data.toString(), "--json", json.toString());
    }
    assertThat(child.process.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(child.process.exitValue()).as(child.output()).isZero();

    var summary = new ObjectMapper().readTree(json.toFile());
    assertThat(summary.get("jobs_lost").asLong()).isZero();
    assertThat(summary.get("duplicate_completions").asLong()).isZero();
    assertThat(summary.get("jobs_submitted").asLong()).isEqualTo(JOBS);
    try (var store = SqliteStore.open(data)) {
      var jobs = store.jobs(Optional.empty(), 10 * JOBS);
      assertThat(jobs).hasSize(JOBS).allSatisfy(j -> assertThat(j.state().isTerminal()).isTrue());
      assertThat(jobs).filteredOn(j -> j.state() == JobState.SUCCEEDED).isNotEmpty();
      for (var job : jobs) {
        var terminalEvents = new HashMap<String, Integer>();
        for (var event : store.history(job.jobId())) {
          if (List.of("StepSucceeded", "JobSucceeded", "JobFailed", "JobCancelled").contains(event.type())) {
            String step = new ObjectMapper().readTree(event.json()).path("stepId").asText();
            terminalEvents.merge(event.type() + "/" + step, 1, Integer::sum);
          }
        }
        assertThat(terminalEvents.values()).as("job %s", job.jobId()).allMatch(n -> n == 1);
      }
    }
  }

  /** A demo process whose output lines are collected as they come. */
  record Child(Process process, BlockingQueue<String> lines, List<String> seen) {

    static Child start(String... args) throws Exception {
      String java = ProcessHandle.current().info().command().orElse("java");
      var command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
      command.addAll(List.of(args));
      var process = new ProcessBuilder(command).redirectErrorStream(true).start();
      var child = new Child(process, new LinkedBlockingQueue<>(), new ArrayList<>());
      Thread.ofVirtual().start(() -> {
        try (var reader = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
          for (String line; (line = reader.readLine()) != null; ) {
            child.lines.add(line);
          }
        } catch (java.io.IOException e) {
          // the process was killed: its output simply ends
        }
      });
      return child;
    }

    /** Waits for {@code count} lines of output; false if the process ended first. */
    boolean awaitLines(int count) throws InterruptedException {
      while (seen.size() < count) {
        String line = lines.poll(1, TimeUnit.SECONDS);
        if (line != null) {
          seen.add(line);
        } else if (!process.isAlive() && lines.isEmpty()) {
          return false;
        }
      }
      return true;
    }

    String output() throws InterruptedException {
      lines.drainTo(seen);
      return String.join("\n", seen);
    }
  }
}
