package io.lifeline.workflow;

import io.lifeline.model.Deadlines;
import io.lifeline.model.FanOut;
import io.lifeline.model.Hedge;
import io.lifeline.model.HeuristicOptions;
import io.lifeline.model.QualityGate;
import io.lifeline.model.RetryPolicy;
import io.lifeline.model.StepSpec;
import io.lifeline.model.Variant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads one entry of {@code steps}; see {@link WorkflowParser} for the schema and its defaults. */
final class StepParser {

  static final List<String> STEP_FIELDS = List.of("id", "kind", "select", "prompt", "params", "after",
      "timeout", "noProgressTimeout", "retries", "backoff", "maxBackoff", "sameAgentRetries",
      "quality", "fallbacks", "optional", "hedge", "fanOut");
  static final List<String> FAN_OUT_FIELDS = List.of("over", "count", "need");
  static final List<String> HEDGE_FIELDS = List.of("after", "untilMeasured");
  static final List<String> QUALITY_FIELDS = List.of("evaluator", "evaluators", "quorum", "minScore", "heuristic");
  static final List<String> HEURISTIC_FIELDS = List.of("minWords", "maxWords", "language");
  static final List<String> FALLBACK_FIELDS = List.of("name", "select", "params", "prompt");

  /** The retry count is stored as attempts = retries + 1, which must still fit an int. */
  private static final int MAX_RETRIES = Integer.MAX_VALUE - 1;

  private StepParser() {}

  static StepSpec parse(Object node, FieldPath path) {
    Fields f = Fields.of(node, path, STEP_FIELDS);
    var step = StepSpec.builder(f.requiredString("id"))
        .kind(f.requiredString("kind"))
        .prompt(f.string("prompt").orElse(""))
        .after(f.strings("after", "step id").orElse(List.of()))
        .deadlines(deadlines(f))
        .retry(retry(f));
    f.stringMap("select").ifPresent(step::select);
    f.flag("optional").ifPresent(step::optional);
    hedge(f).ifPresent(step::hedge);
    f.stringMap("params").ifPresent(step::params);
    f.child("quality", QUALITY_FIELDS).map(StepParser::quality).ifPresent(step::quality);
    var fallbacks = f.list("fallbacks", "fallback").map(list -> fallbacks(list, f.at("fallbacks"))).orElse(List.of());
    step.fallbacks(fallbacks);
    f.child("fanOut", FAN_OUT_FIELDS).map(fan -> fanOut(fan, fallbacks.size(), f.path())).ifPresent(step::fanOut);
    return ModelErrors.build(path, step::build);
  }

  /**
   * {@code fanOut: {count: 3, need: 2}} runs branches on different agents (count required);
   * {@code fanOut: {over: variants, need: 2}} runs the step and its fallbacks, count defaulting to
   * all of them. {@code need} defaults to the count. Whether the fan-out fits the step (its
   * fallbacks, its attempts) is the model's rule, checked when the step is built.
   */
  private static FanOut fanOut(Fields fan, int fallbacks, FieldPath step) {
    FanOut.Over over = fan.string("over").map(text -> over(text, fan.at("over"))).orElse(FanOut.Over.AGENTS);
    var count = fan.count("count", FanOut.MAX_COUNT);
    if (count.isEmpty() && over == FanOut.Over.AGENTS) {
      throw new InvalidWorkflowException(fan.at("count"), "is required (unless over: variants)");
    }
    int n = count.orElse(1 + fallbacks);
    int need = fan.count("need", n).orElse(n);
    // The step's path: the model's messages name fanOut.count, fanOut.need themselves.
    return ModelErrors.build(step, () -> new FanOut(n, need, over));
  }

  private static FanOut.Over over(String text, FieldPath path) {
    return switch (text) {
      case "agents" -> FanOut.Over.AGENTS;
      case "variants" -> FanOut.Over.VARIANTS;
      default -> throw new InvalidWorkflowException(path, "must be agents or variants, was " + Values.quote(text));
    };
  }

  /**
   * The defaults give way to whichever of the two timeouts is set, so that either alone is valid:
   * {@code timeout: 60s} lowers the no-progress deadline to 60s, {@code noProgressTimeout: 15m}
   * raises the total to 15m.
   */
  private static Deadlines deadlines(Fields f) {
    Deadlines d = Deadlines.DEFAULT;
    var timeout = f.duration("timeout", true);
    var noProgressTimeout = f.duration("noProgressTimeout", true);
    Duration total = timeout.orElse(noProgressTimeout.map(n -> max(d.total(), n)).orElse(d.total()));
    Duration noProgress = noProgressTimeout.orElse(min(d.noProgress(), total));
    return ModelErrors.build(f.path(), () -> new Deadlines(total, noProgress));
  }

  /**
   * The defaults give way to whichever of {@code backoff} and {@code maxBackoff} is set, so that
   * either alone is valid: {@code backoff: 1m} raises the cap to 1m, {@code maxBackoff: 100ms}
   * lowers the first backoff to 100ms.
   */
  private static RetryPolicy retry(Fields f) {
    RetryPolicy d = RetryPolicy.DEFAULT;
    int retries = f.count("retries", MAX_RETRIES).orElse(d.maxAttempts() - 1);
    var backoff = f.duration("backoff", false);
    var maxBackoff = f.duration("maxBackoff", false);
    Duration base = backoff.orElse(maxBackoff.map(max -> min(d.baseDelay(), max)).orElse(d.baseDelay()));
    Duration cap = maxBackoff.orElse(max(d.maxDelay(), base));
    int sameAgent = f.count("sameAgentRetries", Integer.MAX_VALUE).orElse(d.sameAgentRetries());
    return ModelErrors.build(f.path(), () -> new RetryPolicy(retries + 1, base, cap, sameAgent));
  }

  /**
   * {@code hedge: p95} (the agent kind's measured p95 latency), a delay such as {@code hedge: 5s},
   * or the long form {@code hedge: {after: p95, untilMeasured: 8s}} that sets the delay used while
   * too few latencies were measured ({@link Hedge}).
   */
  private static Optional<Hedge> hedge(Fields f) {
    if (!f.isMap("hedge")) {
      return f.string("hedge").map(text -> hedgeAfter(text, f.at("hedge")));
    }
    Fields h = f.child("hedge", HEDGE_FIELDS).orElseThrow();
    String after = h.requiredString("after");
    Hedge hedge = hedgeAfter(after, h.at("after"));
    var untilMeasured = h.duration("untilMeasured", true);
    if (untilMeasured.isEmpty()) {
      return Optional.of(hedge);
    }
    if (hedge.after().isPresent()) {
      throw new InvalidWorkflowException(h.at("untilMeasured"),
          "applies only to after: p95, not to a fixed delay (after: '" + after + "')");
    }
    return Optional.of(Hedge.atP95(untilMeasured.get()));
  }

  private static Hedge hedgeAfter(String text, FieldPath path) {
    if (text.equals("p95")) {
      return Hedge.atP95();
    }
    try {
      return Hedge.after(Durations.parsePositive(text));
    } catch (IllegalArgumentException e) {
      throw new InvalidWorkflowException(path, "must be p95 or a positive duration such as 5s, was '" + text + "'");
    }
  }

  /**
   * {@code evaluator: x} or {@code evaluators: [a, b, c]} (quorum defaults to a strict majority),
   * and optionally the heuristic evaluator's settings ({@link #heuristic}).
   */
  private static QualityGate quality(Fields q) {
    var single = q.string("evaluator");
    var several = q.strings("evaluators", "evaluator name");
    if (single.isPresent() == several.isPresent()) {
      throw new InvalidWorkflowException(q.path(), "needs exactly one of evaluator or evaluators");
    }
    List<String> evaluators = heuristic(q, single.map(List::of).orElseGet(several::get), single.isPresent());
    double minScore = q.number("minScore")
        .orElseThrow(() -> new InvalidWorkflowException(q.at("minScore"), "is required"));
    int quorum = q.count("quorum", evaluators.size()).orElse(QualityGate.majority(evaluators.size()));
    return ModelErrors.build(q.path(), () -> new QualityGate(evaluators, minScore, quorum));
  }

  /**
   * {@code heuristic: {minWords: 5, maxWords: 40, language: en}} sets the bounds of the gate's
   * {@code heuristic} evaluator, which the gate then asks under the name of these settings
   * ({@link HeuristicOptions#evaluatorName()}). A bound left out gives way to the other: minWords
   * defaults to 50, or to 1 (any words at all) when maxWords is under 50; maxWords defaults to
   * max(5000, minWords). A {@code heuristic:…} name written in the evaluators must be one such name.
   */
  private static List<String> heuristic(Fields q, List<String> evaluators, boolean single) {
    for (int i = 0; i < evaluators.size(); i++) {
      String name = evaluators.get(i);
      if (HeuristicOptions.isConfiguredName(name) && HeuristicOptions.ofEvaluatorName(name).isEmpty()) {
        throw new InvalidWorkflowException(single ? q.at("evaluator") : q.at("evaluators").index(i),
            "is not a heuristic evaluator with settings such as 'heuristic:words=5..40,language=en', was "
            + Values.quote(name) + "; set them with quality.heuristic instead");
      }
    }
    var settings = q.child("heuristic", HEURISTIC_FIELDS);
    if (settings.isEmpty()) {
      return evaluators;
    }
    int index = evaluators.indexOf(HeuristicOptions.NAME);
    if (index < 0) {
      throw new InvalidWorkflowException(q.at("heuristic"), "sets the bounds of the heuristic evaluator, which the gate"
          + " does not ask; add heuristic to the evaluators (they are " + evaluators + ")");
    }
    Fields h = settings.get();
    var min = h.count("minWords", Integer.MAX_VALUE);
    int max = (int) h.integer("maxWords", 1, Integer.MAX_VALUE)
        .orElse(Math.max(HeuristicOptions.DEFAULT_MAX_WORDS, min.orElse(0)));
    int minWords = min.orElse(max < HeuristicOptions.DEFAULT_MIN_WORDS ? 1 : HeuristicOptions.DEFAULT_MIN_WORDS);
    var language = h.string("language");
    var options = ModelErrors.build(h.path(), () -> new HeuristicOptions(minWords, max, language));
    var named = new ArrayList<>(evaluators);
    named.set(index, options.evaluatorName());
    return named;
  }

  /** Fallback names label attempts in the history, so two of a step may not share one. */
  private static List<Variant> fallbacks(List<?> nodes, FieldPath path) {
    var variants = new ArrayList<Variant>();
    Map<String, Integer> seen = new HashMap<>();
    for (int k = 0; k < nodes.size(); k++) {
      Fields v = Fields.of(nodes.get(k), path.index(k), FALLBACK_FIELDS);
      String name = v.requiredString("name");
      Integer first = seen.putIfAbsent(name, k);
      if (first != null) {
        throw new InvalidWorkflowException(v.at("name"),
            "duplicate fallback name " + Values.quote(name) + " (also " + path.index(first) + ")");
      }
      var selector = v.stringMap("select").orElse(Map.of());
      var params = v.stringMap("params").orElse(Map.of());
      String prompt = v.string("prompt").orElse("");
      variants.add(ModelErrors.build(v.path(), () -> new Variant(name, selector, params, prompt)));
    }
    return variants;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
