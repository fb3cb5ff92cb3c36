package io.lifeline.cli.model;

import io.lifeline.config.WorkflowFiles;
import io.lifeline.model.StepSpec;
import io.lifeline.model.Workflow;
import io.lifeline.reliability.Availability;
import io.lifeline.reliability.SeriesReliability;
import io.lifeline.reliability.WorkflowGraph;
import io.lifeline.reliability.WorkflowReliability;
import io.lifeline.reliability.WorkflowReliability.Estimate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lifeline model workflow}: single points of failure and success probability of a workflow. */
@Command(name = "workflow", mixinStandardHelpOptions = true,
    description = {"Which agents can run which steps, the single points of failure, the chance that every",
        "step still has a compatible agent after the horizon, and the one added agent that helps most."})
final class WorkflowCommand extends ModelSubcommand {

  @Parameters(index = "0", paramLabel = "WORKFLOW", description = "The workflow file (YAML or JSON).")
  Path workflowFile;

  @Option(names = "--agents", required = true, paramLabel = "AGENTS",
      description = "The agents file: agents: [{id, kind, model, provider, capabilities, mtbf, mttr}, …].")
  Path agentsFile;

  @Option(names = "--horizon", defaultValue = "24h", converter = DurationConverter.NotNegative.class,
      description = "How long the agents must last, without repair (default: ${DEFAULT-VALUE}).")
  Duration horizon;

  @Override
  Report report() {
    Workflow workflow = WorkflowFiles.load(workflowFile);
    List<AgentsFile.Entry> entries = AgentsFile.load(agentsFile);
    var graph = WorkflowGraph.of(workflow, entries.stream().map(AgentsFile.Entry::spec).toList());
    var survival = new LinkedHashMap<String, Double>();
    entries.forEach(e -> survival.put(e.spec().id(), SeriesReliability.survival(e.mtbf(), horizon)));
    var reliability = WorkflowReliability.of(graph, survival);
    Estimate success = reliability.successProbability();
    Optional<Estimate> steadyState = steadyState(graph, entries);
    var best = reliability.bestAddition();

    var report = new Report()
        .put("workflow", workflow.name())
        .put("horizon_seconds", Format.seconds(horizon))
        .put("steps", steps(graph))
        .put("single_points_of_failure", graph.singlePointsOfFailure())
        .put("steps_without_agents", graph.stepsWithoutAgents())
        .put("success_probability", success.probability())
        .put("method", success.method().name().toLowerCase(Locale.ROOT))
        .put("standard_error", success.standardError())
        .put("steady_state_success_probability", steadyState.map(Estimate::probability).orElse(null))
        .put("best_addition", best.map(WorkflowCommand::json).orElse(null));

    report.line("workflow '%s': %d steps, %d agents", workflow.name(), workflow.steps().size(), entries.size());
    for (StepSpec step : workflow.steps()) {
      List<String> agents = graph.compatible(step.id());
      report.line("  %-16s %-28s %s", step.id(), step.kind() + (step.selector().isEmpty() ? "" : " " + step.selector()),
          agents.isEmpty() ? "NO COMPATIBLE AGENT" : String.join(", ", agents));
    }
    report.line("single points of failure: %s", graph.singlePointsOfFailure().isEmpty() ? "none"
        : String.join("; ", graph.singlePointsOfFailure().entrySet().stream()
            .map(e -> e.getKey() + " (" + String.join(", ", e.getValue()) + ")").toList()));
    if (!graph.stepsWithoutAgents().isEmpty()) {
      report.line("steps no agent can run: %s", String.join(", ", graph.stepsWithoutAgents()));
    }
    report.line("every step still has a compatible agent after %s (no repair): %s", Format.duration(horizon),
        describe(success));
    steadyState.ifPresent(e -> report.line("at a random moment, with repair (MTBF and MTTR): %s", describe(e)));
    report.line("%s", best.map(b -> "best single addition: a copy of '" + b.copyOf().id() + "' (" + b.copyOf().kind()
            + (b.copyOf().capabilities().isEmpty() ? "" : " " + b.copyOf().capabilities()) + ", runs "
            + String.join(", ", b.steps()) + "): " + Format.probability(b.before().probability()) + " -> "
            + Format.probability(b.after().probability()))
        .orElse("no single added agent improves it"));
    return report;
  }

  /** With every agent's MTTR known: the same question at a random moment, agents up with their availability. */
  private static Optional<Estimate> steadyState(WorkflowGraph graph, List<AgentsFile.Entry> entries) {
    var available = new LinkedHashMap<String, Double>();
    for (var entry : entries) {
      if (entry.mttr().isEmpty()) {
        return Optional.empty();
      }
      available.put(entry.spec().id(), Availability.single(entry.mtbf(), entry.mttr().get()));
    }
    return Optional.of(WorkflowReliability.of(graph, available).successProbability());
  }

  private static List<Map<String, Object>> steps(WorkflowGraph graph) {
    var steps = new ArrayList<Map<String, Object>>();
    for (StepSpec step : graph.workflow().steps()) {
      var json = new LinkedHashMap<String, Object>();
      json.put("id", step.id());
      json.put("kind", step.kind());
      json.put("select", step.selector());
      json.put("agents", graph.compatible(step.id()));
      steps.add(json);
    }
    return steps;
  }

  private static Map<String, Object> json(WorkflowReliability.Improvement best) {
    var json = new LinkedHashMap<String, Object>();
    json.put("copy_of", best.copyOf().id());
    json.put("kind", best.copyOf().kind());
    json.put("capabilities", best.copyOf().capabilities());
    json.put("steps", best.steps());
    json.put("before", best.before().probability());
    json.put("after", best.after().probability());
    return json;
  }

  private static String describe(Estimate estimate) {
    return switch (estimate.method()) {
      case EXACT -> Format.probability(estimate.probability()) + " (exact)";
      case MONTE_CARLO -> Format.probability(estimate.probability()) + " ± " + Format.number(estimate.standardError())
          + " (Monte-Carlo, fixed seed: too many agents and steps to enumerate)";
    };
  }
}
