package io.lifeline.workflow;

import io.lifeline.model.StepSpec;
import io.lifeline.model.Workflow;
import io.lifeline.store.Budget;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a generic tree, as a YAML or JSON parser yields it, into a validated {@link Workflow}.
 *
 * <p>The tree is made of {@code Map} (string keys), {@code List}, {@code String}, {@code Number},
 * {@code Boolean} and {@code null}. Anything else, and anything the schema below does not allow,
 * is refused with an {@link InvalidWorkflowException} whose message names the field by its path
 * and states the rule, e.g. {@code steps[1].retries: must be an integer >= 0, was -1}. Nothing else
 * is ever thrown for bad input, and parsing has no side effects (I8).
 *
 * <h2>Schema</h2>
 *
 * <pre>{@code
 * name: article                  # required; letters, digits, . _ - (up to 64)
 * inputs: [topic]                # optional: job inputs the workflow needs; when given, every
 *                                #   {{placeholder}} must name an input or an upstream step
 * budget:                        # optional: what each job may spend, failed attempts included;
 *                                #   fields left out keep Budget.DEFAULT's; a job's request may
 *                                #   name its own budget instead
 *   maxAttempts: 12              # attempts over all steps, >= 1 (default 40)
 *   maxTokens: 20000             # tokens, >= 0; 0 = no limit (default 1,000,000)
 *   maxCost: 0.5                 # cost units, >= 0; 0 = no limit (default 1,000)
 *   lowAt: 0.2                   # the share of tokens or cost left, from 0 to 1, at which the job
 *                                #   turns to the cheapest agents and fallback variants (default 0.25)
 * steps:                         # required, non-empty, run as a DAG
 *   - id: outline                # required, unique; same syntax as name
 *     kind: text                 # required: the agent kind that runs the step
 *     prompt: "Outline an article about {{topic}}"   # optional, default ""
 *   - id: cover
 *     kind: image
 *     select: {model: small}     # optional capabilities the agent must have
 *     prompt: "A cover for {{outline}}"   # {{step}} is that step's output; it must be upstream
 *     params: {style: flat}      # optional; numbers and booleans become strings
 *     after: [outline]           # optional step ids; a single id may be written without [ ]
 *     timeout: 60s               # total deadline of one attempt, default max(10m, noProgressTimeout)
 *     noProgressTimeout: 20s     # deadline without heartbeat or checkpoint, default min(2m, timeout)
 *     retries: 3                 # tries after the first, default 3 (= 4 attempts)
 *     backoff: 500ms             # first backoff, doubling; default min(500ms, maxBackoff)
 *     maxBackoff: 30s            # cap on one backoff, default max(30s, backoff)
 *     sameAgentRetries: 2        # transient failures retried on the same agent, default 2
 *     quality: {evaluator: heuristic, minScore: 0.6}  # optional; both required, 0 <= minScore <= 1
 *                                #   or {evaluators: [a, b, c], quorum: 2, minScore: 0.6}; a gate
 *                                #   that asks heuristic may set its bounds and language:
 *                                #   heuristic: {minWords: 5, maxWords: 40, language: en}
 *                                #   (minWords >= 0, default 50, or 1 when maxWords < 50;
 *                                #   maxWords >= minWords, default max(5000, minWords); language
 *                                #   one of en de fr es it zh ja ko, default none); the gate then
 *                                #   asks heuristic:words=5..40,language=en (HeuristicOptions)
 *     fanOut: {count: 3, need: 2}  # optional: 3 branches on different agents, done once 2 succeed;
 *                                #   {over: variants, need: 2}: branch i runs variant i (the step,
 *                                #   then each fallback), count defaults to all of them; need
 *                                #   defaults to count; count <= retries + 1 (see FanOut)
 *     fallbacks:                 # optional, tried in order when the step falls back
 *       - name: small-image      # required, unique within the step
 *         select: {size: small}  # merged over the step's select
 *         params: {width: "256"} # merged over the step's params
 *         prompt: "A small cover for {{outline}}"   # optional; replaces the step's prompt
 * }</pre>
 *
 * <p>Durations are written {@code 500ms}, {@code 60s}, {@code 5m}, {@code 1h}, {@code 2d}, combined
 * largest unit first ({@code 1h30m}), or in ISO-8601 ({@code PT1M}); see {@link Durations}. The
 * timeouts must be positive, the backoffs may be zero. Counts are whole numbers {@code >= 0}.
 *
 * <p>Further rules: unknown fields are refused, with the nearest known field suggested
 * ({@code promt: unknown field (did you mean prompt?)}); an explicit {@code null} is the same as
 * leaving the field out; {@code after} may only name steps of the workflow, each once, and the
 * steps may not form a cycle; a prompt may only use {@code {{name}}} of a step it runs after
 * (directly or transitively); an input may not share its name with a step, since
 * {@code {{name}}} could not tell them apart.
 */
public final class WorkflowParser {

  static final List<String> WORKFLOW_FIELDS = List.of("name", "inputs", "budget", "steps");
  static final List<String> BUDGET_FIELDS = List.of("maxAttempts", "maxTokens", "maxCost", "lowAt");

  private WorkflowParser() {}

  /**
   * Builds the workflow that {@code tree} describes.
   *
   * @param tree the document's root, normally a map; may be anything, including null
   * @throws InvalidWorkflowException if the tree breaks any rule of the schema or of {@link Workflow}
   */
  public static Workflow parse(Object tree) {
    if (tree == null) {
      throw new InvalidWorkflowException(FieldPath.ROOT, "a workflow must not be empty; it needs at least name and steps");
    }
    Fields root = Fields.of(tree, FieldPath.ROOT, WORKFLOW_FIELDS);
    String name = root.requiredString("name");
    List<String> inputs = root.strings("inputs", "input name").orElse(List.of());
    Optional<Budget> budget = root.child("budget", BUDGET_FIELDS).map(WorkflowParser::budget);
    List<?> nodes = root.list("steps", "step")
        .orElseThrow(() -> new InvalidWorkflowException(root.at("steps"), "is required"));
    if (nodes.isEmpty()) {
      throw new InvalidWorkflowException(root.at("steps"), "must not be empty; a workflow needs at least one step");
    }
    var steps = new ArrayList<StepSpec>();
    for (int i = 0; i < nodes.size(); i++) {
      steps.add(StepParser.parse(nodes.get(i), root.at("steps").index(i)));
    }
    Map<String, Integer> index = stepIndex(steps);
    checkAfter(steps, index);
    checkInputs(inputs, index, root.at("inputs"));
    try {
      return new Workflow(name, inputs, steps, budget);
    } catch (IllegalArgumentException e) {
      throw ModelErrors.workflow(e, steps);
    }
  }

  private static Budget budget(Fields b) {
    Budget d = Budget.DEFAULT;
    int attempts = (int) b.integer("maxAttempts", 1, Integer.MAX_VALUE).orElse(d.maxAttempts());
    long tokens = b.integer("maxTokens", 0, Long.MAX_VALUE).orElse(d.maxTokens());
    double cost = b.number("maxCost", 0, Double.POSITIVE_INFINITY).orElse(d.maxCost());
    double lowAt = b.number("lowAt", 0, 1).orElse(d.lowAt());
    return ModelErrors.build(b.path(), () -> new Budget(attempts, tokens, cost, lowAt));
  }

  private static FieldPath stepPath(int i) {
    return FieldPath.ROOT.key("steps").index(i);
  }

  /** Step ids to their position; refuses a repeated id at its second use. */
  private static Map<String, Integer> stepIndex(List<StepSpec> steps) {
    var index = new LinkedHashMap<String, Integer>();
    for (int i = 0; i < steps.size(); i++) {
      Integer first = index.putIfAbsent(steps.get(i).id(), i);
      if (first != null) {
        throw new InvalidWorkflowException(stepPath(i).key("id"),
            "duplicate step id " + Values.quote(steps.get(i).id()) + " (also " + stepPath(first).key("id") + ")");
      }
    }
    return index;
  }

  // The Workflow constructor refuses unknown ids too, but only here do we know the list position
  // and the other ids, to suggest the one that was meant.
  private static void checkAfter(List<StepSpec> steps, Map<String, Integer> index) {
    for (int i = 0; i < steps.size(); i++) {
      var seen = new HashSet<String>();
      List<String> after = steps.get(i).after();
      for (int j = 0; j < after.size(); j++) {
        String dep = after.get(j);
        FieldPath at = stepPath(i).key("after").index(j);
        if (!index.containsKey(dep)) {
          throw new InvalidWorkflowException(at, "unknown step " + Values.quote(dep) + hint(dep, index));
        }
        if (!seen.add(dep)) {
          throw new InvalidWorkflowException(at, "lists step " + Values.quote(dep) + " twice");
        }
      }
    }
  }

  private static String hint(String typed, Map<String, Integer> index) {
    return Spelling.nearest(typed, index.keySet())
        .map(near -> " (did you mean " + near + "?)")
        .orElseGet(() -> index.size() <= 10 ? " (steps: " + String.join(", ", index.keySet()) + ")" : "");
  }

  private static void checkInputs(List<String> inputs, Map<String, Integer> index, FieldPath path) {
    var first = new HashMap<String, Integer>();
    for (int j = 0; j < inputs.size(); j++) {
      String input = inputs.get(j);
      if (!Workflow.placeholders("{{" + input + "}}").equals(List.of(input))) {
        throw new InvalidWorkflowException(path.index(j),
            "must be usable as {{name}}: letters, digits, '.', '_' or '-', was " + Values.quote(input));
      }
      Integer earlier = first.putIfAbsent(input, j);
      if (earlier != null) {
        throw new InvalidWorkflowException(path.index(j),
            "duplicate input " + Values.quote(input) + " (also " + path.index(earlier) + ")");
      }
      if (index.containsKey(input)) {
        throw new InvalidWorkflowException(path.index(j), Values.quote(input)
            + " is also a step id, so {{" + input + "}} would be ambiguous; rename one of them");
      }
    }
  }
}
