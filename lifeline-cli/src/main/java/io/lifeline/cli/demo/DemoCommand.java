package io.lifeline.cli.demo;

import io.lifeline.engine.EngineConfig;
import io.lifeline.engine.JobRequest;
import io.lifeline.engine.LifelineEngine;
import io.lifeline.reliability.CheckpointIntervalAdvisor;
import io.lifeline.store.JobState;
import io.lifeline.store.jdbc.SqliteStore;
import io.lifeline.time.Ticker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lifeline demo}: a newsroom pipeline run for many jobs on a pool of offline agents under
 * fault injection, on an embedded SQLite file. Killed at any moment, {@code --resume} continues it.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run the newsroom pipeline for many jobs under fault injection and summarise what happened.")
public final class DemoCommand implements Callable<Integer> {

  private static final List<String> TOPICS = List.of(
      "tide pools", "lighthouse keepers", "city bees", "night trains", "paper maps", "winter orchards",
      "deep sea cables", "river ferries", "old observatories", "mountain huts", "salt marshes", "clock makers");

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--jobs", defaultValue = "100", description = "Jobs to run (default: ${DEFAULT-VALUE}).")
  int jobs;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of topics and fault injection (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--chaos", defaultValue = "demo",
      description = "Fault profile: 'demo' (every fault kind), 'none', or e.g. 'demo,crash=0.1,downtime=3s' (default: ${DEFAULT-VALUE}).")
  String chaos;

  @Option(names = "--data-dir", defaultValue = "lifeline-data", description = "Where the database and articles go (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--json", description = "Also write the summary as JSON to this file.")
  Path json;

  @Option(names = "--resume", description = "Continue the run in --data-dir after the process was killed.")
  boolean resume;

  @Override
  public Integer call() throws Exception {
    var cmd = spec.commandLine();
    DemoSettings settings = settings(cmd);
    var out = System.out;
    var ticker = Ticker.system();
    long begin = ticker.read();
    var newsroom = new Newsroom(settings.seed(), settings.chaos(), dataDir.resolve("articles"), ticker);
    // Demo attempts last a second or less, so checkpoints every few hundred ms are what Daly asks for.
    var advisor = new CheckpointIntervalAdvisor(new CheckpointIntervalAdvisor.Settings(
        Duration.ofSeconds(30), Duration.ofMillis(5), 0.2, Duration.ofMillis(100), Duration.ofSeconds(5)));
    try (var store = SqliteStore.open(dataDir)) {
      var before = store.countByState();
      var monitor = new DemoMonitor(out, ticker, settings.jobs(), before.getOrDefault(JobState.SUCCEEDED, 0L),
          before.getOrDefault(JobState.FAILED, 0L) + before.getOrDefault(JobState.CANCELLED, 0L));
      var builder = LifelineEngine.builder(store, EngineConfig.defaults())
          .safetyFilter(io.lifeline.agents.safety.BlocklistSafetyFilter.refusalsOnly())
          .workflow(Newsroom.workflow())
          .listener(monitor)
          .advisor(advisor)
          .random(new SplittableRandom(settings.seed()));
      newsroom.agents().forEach(builder::agent);
      newsroom.evaluators().forEach(builder::evaluator);
      out.printf("lifeline demo: %d jobs, seed %d, chaos '%s', data in %s%s%n", settings.jobs(), settings.seed(),
          settings.chaos(), dataDir, resume ? " (resumed)" : "");
      try (var engine = builder.build().start()) {
        var done = new ArrayList<CompletableFuture<JobState>>();
        var topics = new SplittableRandom(settings.seed());
        for (int i = 1; i <= settings.jobs(); i++) {
          String topic = TOPICS.get(topics.nextInt(TOPICS.size()));
          String id = String.format("demo-%d-%04d", settings.seed(), i);
          done.add(engine.whenDone(engine.submit(JobRequest.of(Newsroom.WORKFLOW, Map.of("topic", topic)).withJobId(id))));
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).join();
      }
      out.println();
      var summary = DemoSummary.compute(store, settings.jobs(), newsroom.chaosLog().injections(),
          monitor.detectedAtNanos(), (ticker.read() - begin) / 1_000_000);
      summary.print(out);
      out.println("  articles            " + dataDir.resolve("articles"));
      if (json != null) {
        summary.writeJson(json);
      }
      return summary.jobsLost() == 0 && summary.duplicateCompletions() == 0 ? 0 : 1;
    }
  }

  private DemoSettings settings(CommandLine cmd) {
    if (jobs < 1) {
      throw new CommandLine.ParameterException(cmd, "--jobs: must be >= 1, was " + jobs);
    }
    boolean existing = Files.exists(dataDir.resolve(SqliteStore.FILE_NAME));
    if (resume) {
      if (!existing || !Files.exists(dataDir.resolve(DemoSettings.FILE_NAME))) {
        throw new CommandLine.ParameterException(cmd, "--resume: " + dataDir + " holds no demo run to resume");
      }
      return DemoSettings.read(dataDir);
    }
    if (existing) {
      throw new CommandLine.ParameterException(cmd, "--data-dir: " + dataDir
          + " already holds a run; pass --resume to continue it, or choose another directory");
    }
    try {
      io.lifeline.agents.chaos.ChaosProfile.parse(chaos);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cmd, "--chaos: " + e.getMessage());
    }
    var settings = new DemoSettings(jobs, seed, chaos);
    try {
      Files.createDirectories(dataDir);
    } catch (java.io.IOException e) {
      throw new CommandLine.ParameterException(cmd, "--data-dir: cannot create " + dataDir + ": " + e.getMessage());
    }
    settings.write(dataDir);
    return settings;
  }
}
