package io.lifeline.cli;

import io.lifeline.agents.provider.ProviderAgentConfig;
import io.lifeline.agents.provider.ProviderAgents;
import io.lifeline.agents.provider.health.ProviderHealth;
import io.lifeline.agents.safety.BlocklistSafetyFilter;
import io.lifeline.config.AgentsFile;
import io.lifeline.config.SafetyFile;
import io.lifeline.config.WorkflowFiles;
import io.lifeline.engine.EngineConfig;
import io.lifeline.engine.JobRequest;
import io.lifeline.engine.LifelineEngine;
import io.lifeline.event.Event;
import io.lifeline.model.StepSpec;
import io.lifeline.model.Workflow;
import io.lifeline.quality.SafetyFilter;
import io.lifeline.store.Budget;
import io.lifeline.store.JobState;
import io.lifeline.store.Store;
import io.lifeline.store.jdbc.SqliteStore;
import io.lifeline.time.Ticker;
import io.lifeline.workflow.InvalidWorkflowException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lifeline run WORKFLOW --agents AGENTS --input k=v …}: runs one job of a workflow on the
 * agents of an agents file (real providers), on the SQLite store of a data directory, and prints
 * its outcome. Both files, the inputs and the match between steps and agents are checked before
 * anything is opened or written (I8). Exit code 0 when the job succeeded (or ended degraded,
 * without an optional step), 1 when it failed or was cancelled, 2 for bad input.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run one job of a workflow on the agents of an agents file and print its outcome.")
public final class RunCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "WORKFLOW", description = "The workflow file (YAML or JSON).")
  Path workflowFile;

  @Option(names = "--agents", required = true, paramLabel = "AGENTS", description = "The agents file (YAML or JSON).")
  Path agentsFile;

  @Option(names = "--input", paramLabel = "NAME=VALUE", description = "A job input, e.g. topic=tides; repeatable.")
  Map<String, String> inputs = new LinkedHashMap<>();

  @Option(names = "--data-dir", defaultValue = "lifeline-data", description = "Where the database and outputs go (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the outcome as JSON to this file.")
  Path json;

  @Option(names = "--safety", paramLabel = "POLICY", description = "A content policy (YAML or JSON: blocklist, patterns) "
      + "that marks outputs UNSAFE; refusals are detected without one.")
  Path safetyFile;

  @Option(names = "--job-id", paramLabel = "ID", description = "Name the job; running again with the same id resumes or reports that job.")
  String jobId;

  /** Null = the workflow's budget (else the engine's default) decides. */
  Long maxTokens;
  Double maxCost;

  @Option(names = "--max-tokens", paramLabel = "N",
      description = "The job's token budget, failed attempts included (0 = no limit); overrides the workflow's budget.")
  void maxTokens(long value) {
    checkBudget("--max-tokens", () -> Budget.DEFAULT.withMaxTokens(value));
    maxTokens = value;
  }

  @Option(names = "--max-cost", paramLabel = "X",
      description = "The job's cost budget in cost units, failed attempts included (0 = no limit); overrides the workflow's budget.")
  void maxCost(double value) {
    checkBudget("--max-cost", () -> Budget.DEFAULT.withMaxCost(value));
    maxCost = value;
  }

  @Override
  public Integer call() throws Exception {
    var cmd = spec.commandLine();
    Workflow workflow = load(() -> WorkflowFiles.load(workflowFile));
    List<ProviderAgentConfig> configs = load(() -> AgentsFile.load(agentsFile));
    try {
      workflow.validateInput(inputs);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cmd, "--input: " + e.getMessage());
    }
    requireAgentsFor(workflow, configs);
    SafetyFilter safety = safetyFile == null ? BlocklistSafetyFilter.refusalsOnly() : load(() -> SafetyFile.load(safetyFile));
    GateEvaluators evaluators;
    try {
      evaluators = GateEvaluators.resolve(workflow, workflowFile, configs);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cmd, workflowFile + ": " + e.getMessage());
    }
    var out = cmd.getOut();
    createDataDir();
    var ticker = Ticker.system();
    long begin = ticker.read();
    try (Store store = SqliteStore.open(dataDir);
        var agents = new ProviderAgents(ProviderHealth.system())) {
      requireNoForeignJobs(store, workflow);
      var builder = LifelineEngine.builder(store, EngineConfig.defaults())
          .safetyFilter(safety)
          .workflow(workflow)
          .listener(event -> narrate(out, event));
      var created = agents.create(configs);
      created.forEach(builder::agent);
      evaluators.register(builder, created);
      LifelineEngine built;
      try {
        built = builder.build();
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(cmd, workflowFile + ": " + e.getMessage());
      }
      out.printf("lifeline run: workflow %s on %d agents (%s); data in %s%n", workflow.name(), configs.size(),
          configs.stream().map(c -> c.spec().id()).collect(Collectors.joining(", ")), dataDir);
      out.flush();
      String id;
      try (var engine = built.start()) {
        var request = JobRequest.of(workflow.name(), inputs).withBudget(budget(workflow));
        id = engine.submit(jobId == null ? request : request.withJobId(jobId));
        out.printf("job %s submitted%n", id);
        out.flush();
        engine.whenDone(id).get();
      }
      var report = RunReport.of(store, id, dataDir.resolve("outputs"), (ticker.read() - begin) / 1_000_000);
      report.print(out);
      if (json != null) {
        report.writeJson(json);
      }
      // Degraded is what the workflow declared acceptable: its optional steps may be missing.
      return report.state() == JobState.SUCCEEDED || report.state() == JobState.DEGRADED ? 0 : 1;
    }
  }

  private <T> T load(java.util.function.Supplier<T> loader) {
    try {
      return loader.get();
    } catch (InvalidWorkflowException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /** Every step must have an agent that can run it, or the job would wait for one forever. */
  private void requireAgentsFor(Workflow workflow, List<ProviderAgentConfig> configs) {
    for (StepSpec step : workflow.steps()) {
      // A fallback that no agent can run would silently never be tried: a typo in its select.
      for (int variant = 0; variant <= step.fallbacks().size(); variant++) {
        requireAgentFor(step, variant, configs);
      }
    }
  }

  private void requireAgentFor(StepSpec step, int variant, List<ProviderAgentConfig> configs) {
    var selector = step.selectorFor(variant);
    if (configs.stream().noneMatch(c -> c.spec().matches(step.kind(), selector))) {
      throw new CommandLine.ParameterException(spec.commandLine(), workflowFile + ": step '" + step.id()
          + "'" + (variant == 0 ? "" : " fallback '" + step.variantName(variant) + "'")
          + " needs an agent of kind '" + step.kind() + "'" + (selector.isEmpty() ? "" : " with " + selector)
          + ", and " + agentsFile + " has none; it has " + configs.stream()
            .map(c -> c.spec().id() + " (" + c.spec().kind() + ", " + c.provider().label() + "/" + c.model() + ")").collect(Collectors.joining(", ")));
    }
  }

  /** The engine fails unfinished jobs of workflows it does not know; refuse rather than do that. */
  private void requireNoForeignJobs(Store store, Workflow workflow) {
    var foreign = store.unfinishedJobs().stream().filter(j -> !j.workflow().equals(workflow.name())).toList();
    if (!foreign.isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--data-dir: " + dataDir + " holds "
          + foreign.size() + " unfinished jobs of other workflows (" + foreign.stream().map(j -> j.workflow())
          .distinct().collect(Collectors.joining(", ")) + ") that this run would abandon; finish them or use another --data-dir");
    }
  }

  private void createDataDir() {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--data-dir: cannot create " + dataDir + ": " + e.getMessage());
    }
  }

  /** One line per fault, recovery and finished step, as they happen. */
  private static void narrate(PrintWriter out, Event event) {
    Optional<String> line = switch (event) {
      case Event.AttemptFailed f -> Optional.of(String.format("  fault     %s#%d on %s: %s %s", f.stepId(), f.attempt(),
          f.agentId(), f.kind(), f.message()));
      case Event.RecoveryDecided d -> Optional.of(String.format("  recovery  %s: %s%s%s", d.stepId(), d.action(),
          d.agentId().isEmpty() ? "" : " " + d.agentId(), d.delayMillis() > 0 ? " after " + d.delayMillis() + " ms" : ""));
      case Event.ProviderCooling c -> Optional.of(String.format("  cooling   provider %s for %d ms", c.provider(), c.untilMillis()));
      case Event.StepSucceeded s -> Optional.of(String.format("  done      %s#%d on %s: %s, %d bytes, %d tokens",
          s.stepId(), s.attempt(), s.agentId(), s.mediaType(), s.bytes(), s.tokens()));
      default -> Optional.empty();
    };
    line.ifPresent(text -> {
      synchronized (out) {
        out.println(text);
        out.flush();
      }
    });
  }
  /** The workflow's budget, else the engine's default, with the limits given on the command line. */
  private Budget budget(Workflow workflow) {
    Budget budget = workflow.budget().orElse(EngineConfig.defaults().defaultBudget());
    budget = maxTokens == null ? budget : budget.withMaxTokens(maxTokens);
    return maxCost == null ? budget : budget.withMaxCost(maxCost);
  }

  /** Budget is the one authority on its limits; its refusal becomes the option's, before anything is written. */
  private void checkBudget(String option, Runnable build) {
    try {
      build.run();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), option + ": " + e.getMessage());
    }
  }
}
