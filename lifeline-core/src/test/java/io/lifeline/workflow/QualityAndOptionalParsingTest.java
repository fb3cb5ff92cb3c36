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
}
