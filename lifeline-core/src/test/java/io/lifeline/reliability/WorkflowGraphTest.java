package io.lifeline.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.lifeline.model.AgentSpec;
import io.lifeline.model.Workflow;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkflowGraphTest {

  /** outline needs the small model; draft any writer; illustrate the one illustrator; review either critic. */
  static final Workflow NEWSROOM = Workflow.builder("newsroom")
      .step("outline", s -> s.kind("text").select(Map.of("model", "small")))
      .step("draft", s -> s.kind("text").after("outline"))
      .step("illustrate", s -> s.kind("image").after("outline"))
      .step("review", s -> s.kind("evaluator").after("draft", "illustrate"))
      .build();

  static final List<AgentSpec> POOL = List.of(
      AgentSpec.of("writer-small", "text").withCapability("model", "small"),
      AgentSpec.of("writer-large", "text").withCapability("model", "large"),
      AgentSpec.of("illustrator", "image"),
      AgentSpec.of("critic-1", "evaluator"),
      AgentSpec.of("critic-2", "evaluator"),
      AgentSpec.of("narrator", "audio"));

  private final WorkflowGraph graph = WorkflowGraph.of(NEWSROOM, POOL);

  @Test
  void anAgentCanRunAStepOfItsKindWhoseSelectorItsCapabilitiesMatch() {
    assertThat(graph.compatible("outline")).containsExactly("writer-small");
    assertThat(graph.compatible("draft")).containsExactly("writer-small", "writer-large");
    assertThat(graph.compatible("review")).containsExactly("critic-1", "critic-2");
    assertThat(graph.stepsServedBy("writer-small")).containsExactly("outline", "draft");
    assertThat(graph.stepsServedBy("narrator")).isEmpty();
  }

  @Test
  void singlePointsOfFailureAreTheSoleAgentsOfAStep() {
    assertThat(graph.singlePointsOfFailure())
        .containsExactly(Map.entry("writer-small", List.of("outline")), Map.entry("illustrator", List.of("illustrate")));
    assertThat(graph.stepsWithoutAgents()).isEmpty();
  }

  @Test
  void aStepWithNoCompatibleAgentIsReported() {
    var withAudio = Workflow.builder("podcast")
        .step("script", s -> s.kind("text"))
        .step("voice", s -> s.kind("audio").select(Map.of("lang", "fr")).after("script"))
        .build();

    assertThat(WorkflowGraph.of(withAudio, POOL).stepsWithoutAgents()).containsExactly("voice");
  }

  @Test
  void duplicateAgentIdsAndUnknownNamesAreRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> WorkflowGraph.of(NEWSROOM, List.of(AgentSpec.of("a", "text"), AgentSpec.of("a", "image"))))
        .withMessage("duplicate agent id 'a'");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> graph.compatible("publish"))
        .withMessage("workflow 'newsroom' has no step 'publish'");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> graph.stepsServedBy("ghost"))
        .withMessage("no agent 'ghost' in the graph");
  }
}
