package io.lifeline.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeline.event.Event;
import io.lifeline.model.Failure;
import io.lifeline.model.FailureKind;
import io.lifeline.model.Output;
import io.lifeline.model.RetryPolicy;
import io.lifeline.model.Usage;
import io.lifeline.model.Workflow;
import io.lifeline.store.Budget;
import io.lifeline.store.JobState;
import io.lifeline.store.StepState;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BudgetsAndOptionalStepsTest {

  static final Workflow ARTICLE = Workflow.builder("article")
      .step("draft", s -> s.kind("text"))
      .step("picture", s -> s.kind("image").optional(true).retry(RetryPolicy.DEFAULT.withRetries(0)))
      .step("assemble", s -> s.kind("text").after("draft", "picture").prompt("{{draft}} {{picture}}"))
      .build();

  @Test
  void anOptionalStepThatFailsLeavesTheJobDegradedNotFailed() {
    var h = new Harness(ARTICLE).agent("w1", "text", Map.of(), 2).agent("p1", "image");
    String job = h.submit("article", Map.of());
    var picture = h.dispatches.stream().filter(d -> d.key().stepId().equals("picture")).findFirst().orElseThrow();
    var draft = h.dispatches.stream().filter(d -> d.key().stepId().equals("draft")).findFirst().orElseThrow();
    h.fail(picture, Failure.of(FailureKind.PERMANENT, "400 bad prompt"));
    h.succeed(draft, "text");
    var assemble = h.lastDispatch();
    assertThat(assemble.key().stepId()).isEqualTo("assemble");
    h.succeed(assemble, "article");

    var record = h.store.job(job).orElseThrow();
    assertThat(record.state()).isEqualTo(JobState.DEGRADED);
    assertThat(record.reason()).contains("picture");
    assertThat(h.events(Event.JobSucceeded.class)).singleElement()
        .satisfies(e -> assertThat(e.degradedSteps()).isEqualTo("picture"));
    assertThat(h.store.steps(job)).filteredOn(s -> s.stepId().equals("picture"))
        .singleElement().extracting(s -> s.state()).isEqualTo(StepState.FAILED);
  }

  @Test
  void failedAttemptsAreChargedToTheBudgetAndSpendingItDeadLettersTheJob() {
    var wf = Workflow.builder("one").step("a", s -> s.kind("text")).build();
    var h = new Harness(wf).agent("w1", "text").agent("w2", "text");
    String job = h.submit("one", Map.of(), new Budget(10, 1000, 100));
    var first = h.lastDispatch();
    h.coordinator.handle(new Input.AttemptFailed(first.key(), Failure.of(FailureKind.TIMEOUT, "hang"), 3,
        new Usage(1200, 2)));
    h.drain();

    var record = h.store.job(job).orElseThrow();
    assertThat(record.tokensUsed()).isEqualTo(1200);
    assertThat(record.state()).isEqualTo(JobState.FAILED);
    assertThat(record.reason()).contains("BUDGET_EXHAUSTED").contains("token budget");
    assertThat(h.dispatches).hasSize(1);
  }

  @Test
  void withLittleBudgetLeftTheCheapestAgentIsChosenOverTheLeastLoaded() {
    assertThat(agentForSecondStep(800)).isEqualTo("cheap"); // 80% of the tokens spent
    assertThat(agentForSecondStep(100)).isEqualTo("dear");  // plenty left: least loaded wins
  }

  /** Four jobs load cheap 2/4 and dear 2/4; job 2's first step (on dear) then succeeds. */
  private static String agentForSecondStep(long tokensSpent) {
    var wf = Workflow.builder("two").step("a", s -> s.kind("text")).step("b", s -> s.kind("text").after("a")).build();
    var h = new Harness(wf);
    h.coordinator.handle(new Input.AgentJoined(new io.lifeline.model.AgentSpec("cheap", "text", Map.of(), 1, 4), 1));
    h.coordinator.handle(new Input.AgentJoined(new io.lifeline.model.AgentSpec("dear", "text", Map.of(), 9, 4), 1));
    h.drain();
    for (int i = 0; i < 4; i++) {
      h.submit("two", Map.of(), new Budget(10, 1000, 100));
    }
    assertThat(h.dispatches).extracting(Effects.Dispatch::agentId).containsExactly("cheap", "dear", "cheap", "dear");
    var second = h.dispatches.get(1);
    h.coordinator.handle(new Input.AttemptSucceeded(second.key(), Output.text("a").withUsage(new Usage(tokensSpent, 1))));
    h.drain();
    assertThat(h.lastDispatch().key()).isEqualTo(new AttemptKey(second.key().jobId(), "b", 1));
    return h.lastDispatch().agentId();
  }
}
