package io.lifeline.agents.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifeline.agents.FakeAttemptContext;
import io.lifeline.model.AgentFailureException;
import io.lifeline.model.AgentSpec;
import io.lifeline.model.FailureKind;
import io.lifeline.model.Output;
import org.junit.jupiter.api.Test;

class EvaluatorAgentTest {

  private final EvaluatorAgent agent =
      new EvaluatorAgent(AgentSpec.of("reviewer-1", "evaluator"), new HeuristicEvaluator(100, 2000));

  @Test
  void reviewsEveryInputAndReportsTheLowestScore() throws Exception {
    String good = HeuristicEvaluatorTest.draft(HeuristicEvaluatorTest.PROMPT, "draft");
    var context = new FakeAttemptContext().ids("job-1", "review", 1).prompt(HeuristicEvaluatorTest.PROMPT)
        .input("draft", Output.text(good))
        .input("illustrate", Output.of("image/png", new byte[] {1}))
        .input("blurb", Output.text("Lighthouses. ".repeat(200)));

    var output = agent.run(context);

    assertThat(output.mediaType()).isEqualTo("application/json");
    var json = new ObjectMapper().readTree(output.content());
    assertThat(json.get("reviews")).hasSize(3);
    assertThat(json.get("reviews").get(0).get("step").asText()).isEqualTo("blurb");
    assertThat(json.get("score").asDouble()).isLessThan(0.2);
    assertThat(json.get("reason").asText()).startsWith("repetition");
    assertThat(json.get("reviews").get(1).get("score").asDouble()).isGreaterThan(0.9);
    assertThat(output.metadata()).containsEntry("score", json.get("score").asText()).containsEntry("evaluator", "heuristic");
    assertThat(context.heartbeats()).isEqualTo(3);
  }

  @Test
  void aStepWithoutInputsIsAPermanentFailure() {
    assertThatThrownBy(() -> agent.run(new FakeAttemptContext().ids("job-1", "review", 1)))
        .isInstanceOfSatisfying(AgentFailureException.class,
            e -> assertThat(e.failure().kind()).isEqualTo(FailureKind.PERMANENT))
        .hasMessageContaining("step 'review'");
  }
}
