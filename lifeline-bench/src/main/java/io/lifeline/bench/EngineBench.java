package io.lifeline.bench;

import io.lifeline.engine.EngineConfig;
import io.lifeline.engine.JobRequest;
import io.lifeline.engine.LifelineEngine;
import io.lifeline.event.Event;
import io.lifeline.model.Agent;
import io.lifeline.model.AgentSpec;
import io.lifeline.model.AttemptContext;
import io.lifeline.model.Output;
import io.lifeline.model.Workflow;
import io.lifeline.store.jdbc.SqliteStore;
import io.lifeline.time.Ticker;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * End-to-end measurements on a real SQLite file with {@code synchronous=FULL}:
 *
 * <ul>
 *   <li>{@code throughput}: jobs per second of a one-step no-op workflow, group commit (one
 *       transaction per batch) against one commit per write, alternated in the same run.
 *   <li>{@code heap}: heap in use with 10,000 jobs waiting, then with 10,000 jobs finished.
 *   <li>{@code detection}: how long after an in-process agent crashes it is declared dead, at the
 *       default settings: its host notices at its next heartbeat round (500 ms) and says so at once.
 *       Remote agents have no such signal; their phi-accrual detection is measured by the
 *       simulator ({@code lifeline simulate --compare baseline,lifeline --scenario crash}).
 * </ul>
 */
public final class EngineBench {

  static final Workflow NOOP = Workflow.builder("noop").step("only", s -> s.kind("noop")).build();

  public static void main(String[] args) throws Exception {
    String what = args.length == 0 ? "all" : args[0];
    if (what.equals("all") || what.equals("throughput")) {
      throughput();
    }
    if (what.equals("all") || what.equals("heap")) {
      heap();
    }
    if (what.equals("all") || what.equals("detection")) {
      detection();
    }
  }

  static void throughput() throws Exception {
    int jobs = 2000;
    int rounds = 3;
    var batch = new ArrayList<Double>();
    var perWrite = new ArrayList<Double>();
    for (int round = 0; round < rounds; round++) {
      batch.add(jobsPerSecond(EngineConfig.CommitMode.BATCH, jobs));
      perWrite.add(jobsPerSecond(EngineConfig.CommitMode.PER_WRITE, jobs / 4));
    }
    double b = median(batch);
    double p = median(perWrite);
    System.out.printf("throughput (jobs/s, one-step no-op, SQLite synchronous=FULL, %d rounds)%n", rounds);
    System.out.printf("  group commit   median %8.1f  all %s%n", b, batch);
    System.out.printf("  per write      median %8.1f  all %s%n", p, perWrite);
    System.out.printf("  ratio          %.1fx%n", b / p);
  }

  static double jobsPerSecond(EngineConfig.CommitMode mode, int jobs) throws Exception {
    Path dir = Files.createTempDirectory("lifeline-bench");
    try (var store = SqliteStore.open(dir);
        var engine = LifelineEngine.builder(store, EngineConfig.defaults().withCommitMode(mode))
            .workflow(NOOP).agent(new NoopAgent(64)).build().start();
        ExecutorService submitters = Executors.newFixedThreadPool(32)) {
      Ticker ticker = Ticker.system();
      long begin = ticker.read();
      var done = new ArrayList<CompletableFuture<?>>();
      var futures = new ArrayList<java.util.concurrent.Future<String>>();
      for (int i = 0; i < jobs; i++) {
        futures.add(submitters.submit(() -> engine.submit(JobRequest.of("noop", Map.of()))));
      }
      for (var f : futures) {
        done.add(engine.whenDone(f.get()));
      }
      CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
      return jobs / ((ticker.read() - begin) / 1e9);
    } finally {
      deleteTree(dir);
    }
  }

  static void heap() throws Exception {
    int jobs = 10_000;
    Path dir = Files.createTempDirectory("lifeline-bench");
    try (var store = SqliteStore.open(dir)) {
      long base;
      long waiting;
      try (var engine = LifelineEngine.builder(store, EngineConfig.defaults()).workflow(NOOP).build().start()) {
        base = usedHeap();
        for (int i = 0; i < jobs; i++) {
          engine.submit(JobRequest.of("noop", Map.of("topic", "job " + i)));
        }
        waiting = usedHeap();
      }
      long finished;
      try (var engine = LifelineEngine.builder(store, EngineConfig.defaults()).workflow(NOOP)
          .agent(new NoopAgent(64)).build().start()) {
        var all = store.jobs(java.util.Optional.empty(), jobs).stream().map(j -> engine.whenDone(j.jobId())).toList();
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
        finished = usedHeap();
      }
      System.out.printf("heap in use (after GC): engine idle %.1f MB, %d jobs waiting %.1f MB (+%.0f bytes/job), "
          + "%d jobs finished %.1f MB%n", base / 1e6, jobs, waiting / 1e6, (double) (waiting - base) / jobs, jobs,
          finished / 1e6);
    } finally {
      deleteTree(dir);
    }
  }

  static void detection() throws Exception {
    int trials = 10;
    Path dir = Files.createTempDirectory("lifeline-bench");
    var crashable = new CrashableAgent();
    var deaths = new LinkedBlockingQueue<Long>();
    var ticker = Ticker.system();
    try (var store = SqliteStore.open(dir);
        var engine = LifelineEngine.builder(store, EngineConfig.defaults()).workflow(NOOP)
            .agent(crashable).agent(new NoopAgent(1))
            .listener(e -> {
              if (e instanceof Event.AgentDead d && d.agentId().equals("crashable")) {
                deaths.add(ticker.read());
              }
            })
            .build().start()) {
      var latencies = new ArrayList<Double>();
      for (int i = 0; i < trials; i++) {
        Thread.sleep(3000); // let heartbeats settle into the detector's window
        long crashedAt = ticker.read();
        crashable.alive = false;
        Long deadAt = deaths.poll(30, TimeUnit.SECONDS);
        crashable.alive = true;
        if (deadAt != null) {
          latencies.add((deadAt - crashedAt) / 1e6);
        }
      }
      latencies.sort(Comparator.naturalOrder());
      System.out.printf("in-process crash detection (direct signal, 500 ms heartbeat rounds, %d trials): p50 %.0f ms, p99 %.0f ms, all %s%n",
          trials, percentile(latencies, 50), percentile(latencies, 99), latencies);
      engine.workflows(); // keep the engine referenced until here
    } finally {
      deleteTree(dir);
    }
  }

  static long usedHeap() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  static double median(List<Double> values) {
    var sorted = new ArrayList<>(values);
    sorted.sort(Comparator.naturalOrder());
    return percentile(sorted, 50);
  }

  static double percentile(List<Double> sorted, double p) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Returns at once: the engine's own cost is all that is measured. */
  record NoopAgent(AgentSpec spec) implements Agent {
    NoopAgent(int slots) {
      this(new AgentSpec("noop-" + slots, "noop", Map.of(), 0, slots));
    }

    @Override
    public Output run(AttemptContext context) {
      return Output.text("ok");
    }
  }

  /** An agent whose process can be made to vanish: its heartbeats stop while {@code alive} is false. */
  static final class CrashableAgent implements Agent {
    volatile boolean alive = true;
    private final AgentSpec spec = new AgentSpec("crashable", "noop", Map.of(), 0, 1);

    @Override
    public AgentSpec spec() {
      return spec;
    }

    @Override
    public Output run(AttemptContext context) {
      return Output.text("ok");
    }

    @Override
    public boolean isAlive() {
      return alive;
    }
  }

  private EngineBench() {}
}
