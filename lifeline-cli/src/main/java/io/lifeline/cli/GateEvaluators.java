package io.lifeline.cli;

import io.lifeline.agents.evaluate.AgentJudge;
import io.lifeline.agents.evaluate.EmbeddingRelevanceEvaluator;
import io.lifeline.agents.evaluate.HeuristicEvaluator;
import io.lifeline.agents.evaluate.LlmJudgeEvaluator;
import io.lifeline.agents.evaluate.StyleDriftEvaluator;
import io.lifeline.agents.provider.ProviderAgentConfig;
import io.lifeline.engine.LifelineEngine;
import io.lifeline.model.Agent;
import io.lifeline.model.HeuristicOptions;
import io.lifeline.model.StepSpec;
import io.lifeline.model.Workflow;
import io.lifeline.time.Ticker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The quality evaluators that the gates of a {@code lifeline run} workflow name, resolved before
 * anything is opened or written (I8): every name must be one of
 * <ul>
 *   <li>{@code heuristic}: length, repetition, refusal and language checks — 50 to 5000 words, or
 *       the step's own bounds and language ({@code quality.heuristic}, which the parser turns into
 *       a name such as {@code heuristic:words=5..40,language=en}: one instance per distinct
 *       setting, since the engine knows evaluators by name);
 *   <li>{@code relevance}: embedding similarity to the prompt (all-MiniLM-L6-v2, loaded only then);
 *   <li>{@code judge:AGENT}: an LLM judge, asking that agent of the agents file;
 *   <li>{@code style:FILE}: style drift against a reference text, the file relative to the workflow.
 * </ul>
 * A name that is none of these, a judge that is not in the agents file and a reference that cannot
 * be read are refused here, naming the step and the evaluator. The costly part (loading the
 * embedding model, embedding the references) waits for {@link #register}.
 */
final class GateEvaluators {

  static final String JUDGE_PREFIX = "judge:";
  static final String STYLE_PREFIX = "style:";

  /** Heuristic evaluator name → its settings; the default instance is always there. */
  private final Map<String, HeuristicOptions> heuristics =
      new TreeMap<>(Map.of(HeuristicOptions.NAME, HeuristicOptions.DEFAULT));
  /** Judge evaluator name → the agent it asks. */
  private final Map<String, String> judges = new TreeMap<>();
  /** Style evaluator name → the reference text. */
  private final Map<String, String> styles = new TreeMap<>();
  private boolean relevance;

  private GateEvaluators() {}

  /**
   * @throws IllegalArgumentException naming the step and the evaluator that cannot be served
   */
  static GateEvaluators resolve(Workflow workflow, Path workflowFile, List<ProviderAgentConfig> agents) {
    var out = new GateEvaluators();
    Path base = workflowFile.toAbsolutePath().getParent();
    for (StepSpec step : workflow.steps()) {
      for (String name : step.quality().map(gate -> gate.evaluators()).orElse(List.of())) {
        out.add(step, name, base, agents);
      }
    }
    return out;
  }

  private void add(StepSpec step, String name, Path base, List<ProviderAgentConfig> agents) {
    String where = "step '" + step.id() + "': quality evaluator '" + name + "': ";
    var heuristic = HeuristicOptions.ofEvaluatorName(name);
    if (heuristic.isPresent()) {
      heuristics.put(name, heuristic.get());
    } else if (HeuristicOptions.isConfiguredName(name)) {
      throw new IllegalArgumentException(where + "is not a heuristic evaluator with settings such as "
          + "heuristic:words=5..40,language=en; set them with quality.heuristic");
    } else if (name.equals(EmbeddingRelevanceEvaluator.DEFAULT_NAME)) {
      relevance = true;
    } else if (name.startsWith(JUDGE_PREFIX)) {
      String agentId = name.substring(JUDGE_PREFIX.length());
      if (agents.stream().noneMatch(a -> a.spec().id().equals(agentId))) {
        throw new IllegalArgumentException(where + "no agent '" + agentId + "' in the agents file; it has "
            + String.join(", ", agents.stream().map(a -> a.spec().id()).toList()));
      }
      judges.put(name, agentId);
    } else if (name.startsWith(STYLE_PREFIX)) {
      Path reference = base.resolve(name.substring(STYLE_PREFIX.length()));
      try {
        styles.put(name, Files.readString(reference));
      } catch (IOException e) {
        throw new IllegalArgumentException(where + "cannot read the reference " + reference + ": " + e, e);
      }
    } else {
      throw new IllegalArgumentException(where + "is unknown; use " + HeuristicOptions.NAME + ", "
          + EmbeddingRelevanceEvaluator.DEFAULT_NAME + ", " + JUDGE_PREFIX + "AGENT or " + STYLE_PREFIX + "FILE"
          + " (the heuristic's bounds and language go under quality.heuristic)");
    }
  }

  /**
   * Registers the default heuristic evaluator, one heuristic instance per distinct setting the
   * gates use, and every other evaluator they name; {@code agents} serve the judges.
   */
  void register(LifelineEngine.Builder builder, List<Agent> agents) {
    heuristics.values().forEach(options -> builder.evaluator(HeuristicEvaluator.of(options)));
    if (relevance) {
      builder.evaluator(new EmbeddingRelevanceEvaluator());
    }
    judges.forEach((name, agentId) -> {
      Agent agent = agents.stream().filter(a -> a.spec().id().equals(agentId)).findFirst().orElseThrow();
      builder.evaluator(new LlmJudgeEvaluator(name, new AgentJudge(agent, Ticker.system())));
    });
    styles.forEach((name, reference) -> builder.evaluator(new StyleDriftEvaluator(name, reference)));
  }
}
