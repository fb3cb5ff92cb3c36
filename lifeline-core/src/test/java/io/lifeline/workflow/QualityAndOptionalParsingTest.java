package io.lifeline.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QualityAndOptionalParsingTest {

  static Object tree(Map<String, Object> quality, Object optional) {
    var step = new java.util.LinkedHashMap<String, Object>(Map.of("id", "a", "kind", "text"));
    if (quality != null) {
      step.put("quality", quality);
    }
    if (optional != null) {
      step.put("optional", optional);
    }
    return Map.of("name", "w", "steps", List.of(step));
  }

  @Test
  void severalEvaluatorsDefaultToAStrictMajority() {
    var wf = WorkflowParser.parse(tree(Map.of("evaluators", List.of("a", "b", "c"), "minScore", 0.5), null));
    var gate = wf.step("a").quality().orElseThrow();
    assertThat(gate.evaluators()).containsExactly("a", "b", "c");
    assertThat(gate.quorum()).isEqualTo(2);
  }

  @Test
  void anExplicitQuorumAndASingleEvaluatorWork() {
    var wf = WorkflowParser.parse(tree(Map.of("evaluators", List.of("a", "b"), "quorum", 2, "minScore", 0.5), true));
    assertThat(wf.step("a").quality().orElseThrow().quorum()).isEqualTo(2);
    assertThat(wf.step("a").optional()).isTrue();
    var single = WorkflowParser.parse(tree(Map.of("evaluator", "h", "minScore", 0.5), null));
    assertThat(single.step("a").quality().orElseThrow().quorum()).isEqualTo(1);
    assertThat(single.step("a").optional()).isFalse();
  }

  @Test
  void badGatesAndFlagsAreRefusedWithTheirPath() {
    assertThatThrownBy(() -> WorkflowParser.parse(tree(Map.of("evaluators", List.of("a", "b"), "quorum", 3, "minScore", 0.5), null)))
        .isInstanceOf(InvalidWorkflowException.class).hasMessageContaining("steps[0].quality.quorum");
    assertThatThrownBy(() -> WorkflowParser.parse(tree(Map.of("evaluator", "a", "evaluators", List.of("b"), "minScore", 0.5), null)))
        .hasMessageContaining("steps[0].quality").hasMessageContaining("exactly one of evaluator or evaluators");
    assertThatThrownBy(() -> WorkflowParser.parse(tree(Map.of("evaluators", List.of("a", "a"), "minScore", 0.5), null)))
        .hasMessageContaining("must not repeat");
    assertThatThrownBy(() -> WorkflowParser.parse(tree(null, "yes")))
        .hasMessageContaining("steps[0].optional: must be true or false");
  }

  private static Object heuristicGate(Object evaluators, Object settings) {
    var quality = new java.util.LinkedHashMap<String, Object>();
    quality.put(evaluators instanceof String ? "evaluator" : "evaluators", evaluators);
    quality.put("minScore", 0.5);
    quality.put("heuristic", settings);
    return tree(quality, null);
  }

  private static List<String> evaluators(Object tree) {
    return WorkflowParser.parse(tree).step("a").quality().orElseThrow().evaluators();
  }

  @Test
  void heuristicSettingsNameTheInstanceThatJudgesTheStep() {
    assertThat(evaluators(heuristicGate(List.of("judge:b", "heuristic"), Map.of("minWords", 5, "maxWords", 40, "language", "en"))))
        .containsExactly("judge:b", "heuristic:words=5..40,language=en");
    assertThat(evaluators(heuristicGate("heuristic", Map.of("language", "de"))))
        .containsExactly("heuristic:words=50..5000,language=de");
    // Settings equal to the defaults are the default instance.
    assertThat(evaluators(heuristicGate("heuristic", Map.of("minWords", 50)))).containsExactly("heuristic");
    // The name is the settings: written directly, it is read back the same.
    assertThat(evaluators(tree(Map.of("evaluator", "heuristic:words=5..40", "minScore", 0.5), null)))
        .containsExactly("heuristic:words=5..40");
  }

  @Test
  void aBoundLeftOutGivesWayToTheOther() {
    // A headline: maxWords alone must not keep a floor of 50 words.
    assertThat(evaluators(heuristicGate("heuristic", Map.of("maxWords", 12)))).containsExactly("heuristic:words=1..12");
    assertThat(evaluators(heuristicGate("heuristic", Map.of("maxWords", 400)))).containsExactly("heuristic:words=50..400");
    assertThat(evaluators(heuristicGate("heuristic", Map.of("minWords", 8000)))).containsExactly("heuristic:words=8000..8000");
    assertThat(evaluators(heuristicGate("heuristic", Map.of("minWords", 0)))).containsExactly("heuristic:words=0..5000");
  }

  @Test
  void badHeuristicSettingsAreRefusedNamingTheFieldTheRuleAndTheValue() {
    assertThatThrownBy(() -> WorkflowParser.parse(heuristicGate("heuristic", Map.of("minWords", 50, "maxWords", 40))))
        .hasMessage("steps[0].quality.heuristic: minWords must not exceed maxWords, was 50 > 40");
    assertThatThrownBy(() -> WorkflowParser.parse(heuristicGate("heuristic", Map.of("maxWords", 0))))
        .hasMessage("steps[0].quality.heuristic.maxWords: must be an integer >= 1, was 0");
    assertThatThrownBy(() -> WorkflowParser.parse(heuristicGate("heuristic", Map.of("minWords", -1))))
        .hasMessage("steps[0].quality.heuristic.minWords: must be an integer >= 0, was -1");
    assertThatThrownBy(() -> WorkflowParser.parse(heuristicGate("heuristic", Map.of("minWords", 2.5))))
        .hasMessage("steps[0].quality.heuristic.minWords: must be an integer >= 0, was 2.5");
    assertThatThrownBy(() -> WorkflowParser.parse(heuristicGate("heuristic", Map.of("language", "english"))))
        .hasMessage("steps[0].quality.heuristic: language must be one of de, en, es, fr, it, ja, ko, zh, was 'english'");
    assertThatThrownBy(() -> WorkflowParser.parse(heuristicGate("heuristic", Map.of("lang", "en"))))
        .hasMessage("steps[0].quality.heuristic.lang: unknown field (known fields: minWords, maxWords, language)");
    assertThatThrownBy(() -> WorkflowParser.parse(heuristicGate("heuristic", "short")))
        .hasMessageStartingWith("steps[0].quality.heuristic: must be a map with fields minWords, maxWords, language");
    assertThatThrownBy(() -> WorkflowParser.parse(heuristicGate(List.of("judge:b", "relevance"), Map.of("maxWords", 40))))
        .hasMessage("steps[0].quality.heuristic: sets the bounds of the heuristic evaluator, which the gate does not ask;"
            + " add heuristic to the evaluators (they are [judge:b, relevance])");
    assertThatThrownBy(() -> WorkflowParser.parse(tree(Map.of("evaluators", List.of("a", "heuristic:5-40"), "minScore", 0.5), null)))
        .hasMessage("steps[0].quality.evaluators[1]: is not a heuristic evaluator with settings such as"
            + " 'heuristic:words=5..40,language=en', was 'heuristic:5-40'; set them with quality.heuristic instead");
    // Two spellings of one setting would register two instances: only the canonical one is a name.
    assertThatThrownBy(() -> WorkflowParser.parse(tree(Map.of("evaluator", "heuristic:words=50..5000", "minScore", 0.5), null)))
        .hasMessageStartingWith("steps[0].quality.evaluator: is not a heuristic evaluator with settings");
  }
}
