package io.lifeline.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeline.model.Workflow;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * The parser's contract over any input: it returns a workflow or throws {@link
 * InvalidWorkflowException} whose message is its path and rule, and never anything else (I8).
 */
class WorkflowParserPropertiesTest {

  private static final List<String> IDS = List.of("outline", "draft", "review", "cover");
  private static final List<String> OPTIONAL_FIELDS = List.of("select", "params", "timeout",
      "noProgressTimeout", "retries", "backoff", "maxBackoff", "sameAgentRetries", "quality", "fallbacks");

  // Edge cases would be mostly garbage values; the plausible ones are what reach the deep checks.
  @Property(tries = 1000, edgeCases = EdgeCasesMode.NONE)
  void workflowShapedTreesParseOrAreRefusedCleanly(@ForAll("workflows") Object tree) {
    Statistics.label("outcome").collect(outcome(tree));
    // Both outcomes must be common, or the property would test only the first check.
    Statistics.label("outcome").coverage(c -> {
      c.check("valid").percentage(p -> p > 5);
      c.check("refused").percentage(p -> p > 10);
    });
  }

  @Property(tries = 1000)
  void arbitraryTreesParseOrAreRefusedCleanly(@ForAll("anything") Object tree) {
    outcome(tree);
  }

  /**
   * Changing one field of a valid step either keeps it valid or is refused at that field; only a
   * changed {@code id} or {@code after} may surface elsewhere (in another step's {@code after} or
   * {@code prompt}, or as a cycle of {@code steps}).
   */
  @Property(tries = 1000)
  void oneChangedFieldIsAcceptedOrNamed(
      @ForAll("fieldOfArticle") String key, @ForAll("anything") Object value, @ForAll("stepIndex") int step) {
    var tree = Trees.article();
    Trees.step(tree, step).put(key, value);
    try {
      WorkflowParser.parse(tree);
    } catch (InvalidWorkflowException e) {
      String changed = "steps[" + step + "]." + key;
      String expected = key.equals("id") || key.equals("after") ? "steps" : changed;
      assertThat(e.path().toString()).startsWith(expected);
    }
  }

  /** Parses and checks the error's shape; "valid" or "refused" for the statistics. */
  private static String outcome(Object tree) {
    try {
      Workflow wf = WorkflowParser.parse(tree);
      assertThat(wf.steps()).isNotEmpty();
      return "valid";
    } catch (InvalidWorkflowException e) {
      String prefix = e.path().isRoot() ? "" : e.path() + ": ";
      assertThat(e.getMessage()).isEqualTo(prefix + e.rule());
      assertThat(e.rule()).isNotBlank();
      return "refused";
    }
  }

  @Provide
  Arbitrary<Object> anything() {
    return value(3);
  }

  @Provide
  Arbitrary<String> fieldOfArticle() {
    return Arbitraries.of(StepParser.STEP_FIELDS);
  }

  @Provide
  Arbitrary<Integer> stepIndex() {
    return Arbitraries.integers().between(0, 1);
  }

  /**
   * Trees shaped like workflows: steps in order with acyclic dependencies and plausible field
   * values, each of which is sometimes replaced by garbage, so that both outcomes are common.
   */
  @Provide
  Arbitrary<Object> workflows() {
    Arbitrary<Object> steps = Arbitraries.integers().between(1, IDS.size())
        .flatMap(n -> Combinators.combine(stepsOf(n)).as(l -> (Object) new ArrayList<>(l)));
    return Combinators.combine(
            sometimesGarbage(Arbitraries.of("article", "article", "article", "my article")),
            sometimesGarbage(Arbitraries.of(List.of(), List.of("topic"), "topic")),
            sometimesGarbage(steps))
        .as((name, inputs, stepList) -> {
          var root = new LinkedHashMap<String, Object>();
          root.put("name", name);
          root.put("inputs", inputs);
          root.put("steps", stepList);
          return (Object) root;
        });
  }

  private List<Arbitrary<Object>> stepsOf(int n) {
    var steps = new ArrayList<Arbitrary<Object>>();
    for (int i = 0; i < n; i++) {
      steps.add(step(IDS.get(i), IDS.subList(0, i)));
    }
    return steps;
  }

  private Arbitrary<Object> step(String id, List<String> earlier) {
    Arbitrary<Map<String, Object>> extras = Arbitraries.subsetOf(OPTIONAL_FIELDS)
        .ofMaxSize(3)
        .flatMap(keys -> Combinators.combine(keys.stream().map(k -> sometimesGarbage(plausible(k))).toList())
            .as(values -> {
              var map = new LinkedHashMap<String, Object>();
              var it = keys.iterator();
              values.forEach(v -> map.put(it.next(), v));
              return map;
            }));
    return Combinators.combine(
            sometimesGarbage(Arbitraries.frequency(Tuple.of(12, id), Tuple.of(1, "draft"), Tuple.of(1, "my id"))),
            sometimesGarbage(Arbitraries.of("text", "image")),
            sometimesGarbage(Arbitraries.frequency(
                Tuple.of(3, ""), Tuple.of(3, "About {{topic}}"), Tuple.of(1, "From {{outline}}"), Tuple.of(1, "After {{review}}"))),
            Arbitraries.subsetOf(earlier).map(s -> (Object) new ArrayList<>(s)),
            extras)
        .as((stepId, kind, prompt, after, extra) -> {
          var step = new LinkedHashMap<String, Object>();
          step.put("id", stepId);
          step.put("kind", kind);
          step.put("prompt", prompt);
          step.put("after", after);
          step.putAll(extra);
          return (Object) step;
        });
  }

  private Arbitrary<Object> plausible(String key) {
    return switch (key) {
      case "select", "params" -> Arbitraries.maps(Arbitraries.of("model", "size"), Arbitraries.of("small", 1, true))
          .ofMaxSize(2).map(m -> (Object) m);
      case "timeout", "noProgressTimeout", "backoff", "maxBackoff" ->
          Arbitraries.of("100ms", "60s", "90s", "1m", "PT1M", "1h30m", "0s", "-1s", "60x", 60);
      case "retries", "sameAgentRetries" -> Arbitraries.integers().between(-1, 8).map(i -> (Object) i);
      case "quality" -> Combinators.combine(Arbitraries.of("heuristic", "heuristic", ""), Arbitraries.of(0, 0.0, 0.6, 1.0, 1.5))
          .as((e, s) -> (Object) Trees.map("evaluator", e, "minScore", s));
      case "fallbacks" -> Combinators.combine(Arbitraries.of("small", "plain", "plain", "bad name"), Arbitraries.of("", "{{outline}}"))
          .as((n, p) -> Trees.map("name", n, "prompt", p)).list().ofMaxSize(2).map(l -> (Object) l);
      default -> value(1);
    };
  }

  private Arbitrary<Object> sometimesGarbage(Arbitrary<?> plausible) {
    return Arbitraries.frequencyOf(Tuple.of(40, plausible.map(v -> (Object) v)), Tuple.of(1, value(1)));
  }

  private Arbitrary<Object> value(int depth) {
    Arbitrary<Object> leaf = Arbitraries.oneOf(
        Arbitraries.of("outline", "draft", "text", "60s", "0s", "-1s", "1h30m", "PT1M", "60x", "", " ",
            "{{outline}}", "heuristic", "small").map(s -> (Object) s),
        Arbitraries.strings().ofMaxLength(12).map(s -> (Object) s),
        Arbitraries.integers().between(-3, 5).map(i -> (Object) i),
        Arbitraries.longs().map(l -> (Object) l),
        Arbitraries.doubles().map(d -> (Object) d),
        Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, -0.0, 0.5, 1.5, 3.0).map(d -> (Object) d),
        Arbitraries.of(new BigDecimal("1E+1000000"), new BigDecimal("2.50"), new BigInteger("99999999999999999999"))
            .map(n -> (Object) n),
        Arbitraries.of(true, false).map(b -> (Object) b),
        Arbitraries.just(new Object()))
        .injectNull(0.05);
    if (depth == 0) {
      return leaf;
    }
    Arbitrary<Object> list = value(depth - 1).list().ofMaxSize(4).map(l -> (Object) new ArrayList<>(l));
    Arbitrary<Object> map = Arbitraries.maps(key(), value(depth - 1)).ofMaxSize(4)
        .map(m -> (Object) new LinkedHashMap<>(m));
    return Arbitraries.frequencyOf(Tuple.of(5, leaf), Tuple.of(2, list), Tuple.of(3, map));
  }

  private Arbitrary<String> key() {
    var known = new ArrayList<>(StepParser.STEP_FIELDS);
    known.addAll(WorkflowParser.WORKFLOW_FIELDS);
    known.addAll(WorkflowParser.BUDGET_FIELDS);
    known.addAll(StepParser.QUALITY_FIELDS);
    known.addAll(StepParser.FALLBACK_FIELDS);
    return Arbitraries.oneOf(Arbitraries.of(known), Arbitraries.strings().ofMaxLength(8));
  }
}
