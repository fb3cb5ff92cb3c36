package io.lifeline.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeline.event.Event;
import io.lifeline.model.AgentSpec;
import io.lifeline.model.Failure;
import io.lifeline.model.FailureKind;
import io.lifeline.model.Output;
import io.lifeline.model.RetryPolicy;
import io.lifeline.model.Usage;
import io.lifeline.model.Variant;
import io.lifeline.model.Workflow;
import io.lifeline.store.Budget;
import io.lifeline.store.JobState;
import io.lifeline.store.StepState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BudgetsAndOptionalStepsTest {

  static final Workflow ONE = Workflow.builder("one").step("a", s -> s.kind("text")).build();

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
    assertThat(agentForSecondStep(800, new Budget(10, 1000, 100))).isEqualTo("cheap"); // 80% of the tokens spent
    assertThat(agentForSecondStep(100, new Budget(10, 1000, 100))).isEqualTo("dear");  // plenty left: least loaded wins
    // The job says when it is low: with lowAt 0.1, 20% left is still plenty.
    assertThat(agentForSecondStep(800, new Budget(10, 1000, 100, 0.1))).isEqualTo("dear");
  }

  /** Four jobs load cheap 2/4 and dear 2/4; job 2's first step (on dear) then succeeds. */
  private static String agentForSecondStep(long tokensSpent, Budget budget) {
    var wf = Workflow.builder("two").step("a", s -> s.kind("text")).step("b", s -> s.kind("text").after("a")).build();
    var h = new Harness(wf);
    h.coordinator.handle(new Input.AgentJoined(new io.lifeline.model.AgentSpec("cheap", "text", Map.of(), 1, 4), 1));
    h.coordinator.handle(new Input.AgentJoined(new io.lifeline.model.AgentSpec("dear", "text", Map.of(), 9, 4), 1));
    h.drain();
    for (int i = 0; i < 4; i++) {
      h.submit("two", Map.of(), budget);
    }
    assertThat(h.dispatches).extracting(Effects.Dispatch::agentId).containsExactly("cheap", "dear", "cheap", "dear");
    var second = h.dispatches.get(1);
    h.coordinator.handle(new Input.AttemptSucceeded(second.key(), Output.text("a").withUsage(new Usage(tokensSpent, 1))));
    h.drain();
    assertThat(h.lastDispatch().key()).isEqualTo(new AttemptKey(second.key().jobId(), "b", 1));
    return h.lastDispatch().agentId();
  }

  @Test
  void withLittleBudgetLeftAFailedStepIsRecoveredOntoTheCheapestAgentCountingItsTokenPrice() {
    assertThat(agentAfterFailure(800)).isEqualTo("cheap"); // 80% of the tokens spent
    assertThat(agentAfterFailure(100)).isEqualTo("dear");  // plenty left: the least loaded
  }

  /**
   * Job 1 runs on 'first', job 2 on 'cheap' (1 per call, now loaded 1/4); 'dear' is idle and free
   * per call but 0.01 per token, 10 for the 1,000 tokens an attempt is expected to use. Job 1's
   * attempt then times out having used {@code tokensSpent} of its 1,000 tokens.
   */
  private static String agentAfterFailure(long tokensSpent) {
    var h = new Harness(ONE);
    h.coordinator.handle(new Input.AgentJoined(new AgentSpec("first", "text", Map.of(), 0, 0, 1), 1));
    h.coordinator.handle(new Input.AgentJoined(new AgentSpec("cheap", "text", Map.of(), 1, 0, 4), 1));
    h.coordinator.handle(new Input.AgentJoined(new AgentSpec("dear", "text", Map.of(), 0, 0.01, 4), 1));
    h.drain();
    String job = h.submit("one", Map.of(), new Budget(10, 1000, 100));
    h.submit("one", Map.of(), new Budget(10, 1000, 100));
    assertThat(h.dispatches).extracting(Effects.Dispatch::agentId).containsExactly("first", "cheap");

    h.coordinator.handle(new Input.AttemptFailed(h.dispatches.getFirst().key(), Failure.of(FailureKind.TIMEOUT, "hang"),
        0, new Usage(tokensSpent, 0)));
    h.drain();

    assertThat(h.lastDispatch().key()).isEqualTo(new AttemptKey(job, "a", 2));
    assertThat(h.events(Event.RecoveryDecided.class)).singleElement()
        .satisfies(d -> assertThat(d.agentId()).isEqualTo(h.lastDispatch().agentId()));
    return h.lastDispatch().agentId();
  }

  @Test
  void withLittleBudgetLeftARetryRunsTheCheaperFallbackVariantAfterItsBackoff() {
    var wf = Workflow.builder("one").step("a", s -> s.kind("text").params(Map.of("maxTokens", "1000"))
        .fallbacks(List.of(new Variant("short", Map.of(), Map.of("maxTokens", "100"), "")))).build();
    var h = new Harness(wf);
    h.coordinator.handle(new Input.AgentJoined(new AgentSpec("writer", "text", Map.of(), 0, 0.01, 1), 1));
    h.drain();
    String job = h.submit("one", Map.of(), new Budget(10, 1000, 100));

    h.coordinator.handle(new Input.AttemptFailed(h.lastDispatch().key(), Failure.of(FailureKind.TRANSIENT, "503"),
        0, new Usage(800, 8)));
    h.drain();
    var decision = h.events(Event.RecoveryDecided.class).getFirst();
    assertThat(decision.action()).isEqualTo("Fallback");
    assertThat(decision.delayMillis()).isPositive(); // the retry's backoff
    assertThat(h.dispatches).hasSize(1);
    h.advanceBeating(RetryPolicy.DEFAULT.baseDelay(), "writer"); // a first backoff is under the base delay

    var retry = h.lastDispatch();
    assertThat(retry.key()).isEqualTo(new AttemptKey(job, "a", 2));
    assertThat(retry.agentId()).isEqualTo("writer");
    assertThat(retry.variant()).isEqualTo(1);
    assertThat(h.events(Event.AttemptStarted.class).getLast().variant()).isEqualTo("short");
  }

  /** Low on budget before a step has even started, the step starts on its cheaper fallback variant. */
  @Test
  void withLittleBudgetLeftAFreshStepStartsOnItsCheaperFallbackVariant() {
    assertThat(variantOfSecondStep(/* tokensSpentByFirst= */ 800)).isEqualTo("short");
    assertThat(variantOfSecondStep(/* tokensSpentByFirst= */ 100)).isEqualTo("primary");
  }

  private static String variantOfSecondStep(long tokensSpentByFirst) {
    var wf = Workflow.builder("two").step("a", s -> s.kind("text"))
        .step("b", s -> s.kind("text").after("a").params(Map.of("maxTokens", "1000"))
            .fallbacks(List.of(new Variant("short", Map.of(), Map.of("maxTokens", "100"), "")))).build();
    var h = new Harness(wf);
    h.coordinator.handle(new Input.AgentJoined(new AgentSpec("writer", "text", Map.of(), 0, 0.01, 1), 1));
    h.drain();
    h.submit("two", Map.of(), new Budget(10, 1000, 100));
    h.coordinator.handle(new Input.AttemptSucceeded(h.lastDispatch().key(),
        Output.text("a").withUsage(new Usage(tokensSpentByFirst, 0))));
    h.drain();
    assertThat(h.lastDispatch().key().stepId()).isEqualTo("b");
    return h.events(Event.AttemptStarted.class).getLast().variant();
  }

  @Test
  void aJobWithoutABudgetOfItsOwnGetsItsWorkflowsBudget() {
    var budget = new Budget(3, 500, 2.5, 0.5);
    var wf = Workflow.builder("one").budget(budget).step("a", s -> s.kind("text")).build();
    var h = new Harness(wf).agent("w1", "text");

    String plain = h.submit("one", Map.of());
    String own = h.submit("one", Map.of(), Budget.DEFAULT);

    assertThat(h.store.job(plain).orElseThrow().budget()).isEqualTo(budget);
    assertThat(h.store.job(own).orElseThrow().budget()).isEqualTo(Budget.DEFAULT);
  }
}
