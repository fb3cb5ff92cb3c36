package io.lifeline.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeline.event.Event;
import io.lifeline.model.Deadlines;
import io.lifeline.model.Failure;
import io.lifeline.model.FailureKind;
import io.lifeline.model.Hedge;
import io.lifeline.model.Output;
import io.lifeline.model.Usage;
import io.lifeline.model.Workflow;
import io.lifeline.store.Budget;
import io.lifeline.store.JobState;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * I4 for tokens: the spend check ran only when a step started, so a streaming attempt kept
 * generating past the job's token budget. Now each attempt is capped at the tokens left, and the
 * running usage attempts report stops them the moment the budget is reached.
 */
class BudgetOvershootTest {

  private static final Deadlines LONG = new Deadlines(Duration.ofMinutes(10), Duration.ofMinutes(10));

  @Test
  void anAttemptsMaxTokensIsCappedAtTheTokensTheJobHasLeft() {
    var wf = Workflow.builder("two")
        .step("a", s -> s.kind("text").params(Map.of("maxTokens", "800")))
        .step("b", s -> s.kind("text").after("a").params(Map.of("maxTokens", "800", "temperature", "0.3")))
        .build();
    var h = new Harness(wf).agent("w1", "text");
    h.submit("two", Map.of(), new Budget(10, 1000, 0));
    var a = h.lastDispatch();
    assertThat(a.tokensLeft()).isEqualTo(OptionalLong.of(1000));
    assertThat(a.params()).containsEntry("maxTokens", "800");

    h.coordinator.handle(new Input.AttemptSucceeded(a.key(), Output.text("x").withUsage(new Usage(700, 0))));
    h.drain();
    var b = h.lastDispatch();
    assertThat(b.tokensLeft()).isEqualTo(OptionalLong.of(300));
    assertThat(b.params()).containsEntry("maxTokens", "300").containsEntry("temperature", "0.3");
  }

  @Test
  void aStepWithoutMaxTokensGetsTheTokensLeftOnlyWhenFewerThanEveryModelAccepts() {
    var wf = Workflow.builder("one").step("a", s -> s.kind("text")).build();
    var h = new Harness(wf).agent("w1", "text");
    h.submit("one", Map.of(), new Budget(10, 1000, 0));
    // The step sets no maxTokens, so the agent caps its own default (a value written into the
    // params would override it, upwards for an agent configured below the tokens left).
    assertThat(h.lastDispatch().params()).doesNotContainKey("maxTokens");
    assertThat(h.lastDispatch().tokensLeft()).isEqualTo(OptionalLong.of(1000));
    assertThat(io.lifeline.model.GenerationParams.capOutput(java.util.OptionalInt.empty(), h.lastDispatch().tokensLeft()))
        .hasValue(1000);
    assertThat(io.lifeline.model.GenerationParams.capOutput(java.util.OptionalInt.of(256), h.lastDispatch().tokensLeft()))
        .hasValue(256);

    h.submit("one", Map.of(), new Budget(10, 100_000, 0)); // waits for the slot
    h.succeed(h.lastDispatch(), "done");
    assertThat(h.lastDispatch().tokensLeft()).isEqualTo(OptionalLong.of(100_000));
    // A 100k cap may be refused with a 400: above what every model accepts, no cap is sent.
    assertThat(io.lifeline.model.GenerationParams.capOutput(java.util.OptionalInt.empty(), h.lastDispatch().tokensLeft()))
        .isEmpty();
  }

  @Test
  void aStreamingAttemptIsStoppedTheMomentItsRunningUsageGoesPastTheBudget() {
    var wf = Workflow.builder("one").step("a", s -> s.kind("text").deadlines(LONG)).build();
    var h = new Harness(wf).agent("w1", "text");
    String job = h.submit("one", Map.of(), new Budget(10, 100, 0));
    var first = h.lastDispatch();
    for (long tokens = 10; tokens <= 100; tokens += 10) { // reaching it exactly is within it
      h.clock.advance(Duration.ofMillis(50));
      h.coordinator.handle(new Input.UsageReported(first.key(), new Usage(tokens, 0)));
      h.drain();
    }
    assertThat(h.cancels).isEmpty();
    assertThat(h.store.job(job).orElseThrow().state()).isEqualTo(JobState.RUNNING);

    h.coordinator.handle(new Input.UsageReported(first.key(), new Usage(101, 0)));
    h.drain();
    assertThat(h.cancels).singleElement().satisfies(c -> {
      assertThat(c.key()).isEqualTo(first.key());
      assertThat(c.charged()).isEmpty(); // the budget is not the agent's fault
    });
    var record = h.store.job(job).orElseThrow();
    assertThat(record.state()).isEqualTo(JobState.FAILED);
    assertThat(record.reason()).isEqualTo(
        "step 'a': BUDGET_EXHAUSTED: token budget of 100 exceeded (101) while attempt 1 ran");

    // The stopped attempt's last report charges what it used; no further attempt ever started.
    h.coordinator.handle(new Input.AttemptFailed(first.key(), Failure.of(FailureKind.TRANSIENT, "cancelled"), 101,
        new Usage(101, 0)));
    h.drain();
    assertThat(h.store.job(job).orElseThrow().tokensUsed()).isEqualTo(101);
    assertThat(h.dispatches).hasSize(1);
  }

  @Test
  void aHedgeSharesTheBudgetWithTheAttemptItRacesAndBothStopAtIt() {
    var wf = Workflow.builder("h")
        .step("a", s -> s.kind("text").deadlines(LONG).hedge(Hedge.after(Duration.ofSeconds(2)))).build();
    var h = new Harness(wf).agent("w1", "text").agent("w2", "text");
    String job = h.submit("h", Map.of(), new Budget(10, 100, 0));
    var first = h.lastDispatch();
    h.coordinator.handle(new Input.UsageReported(first.key(), new Usage(40, 0)));
    h.advanceBeating(Duration.ofSeconds(2), "w1", "w2");
    var hedge = h.lastDispatch();
    assertThat(hedge.key().attempt()).isEqualTo(2);
    assertThat(hedge.tokensLeft()).isEqualTo(OptionalLong.of(60)); // what the first one has not reported
    assertThat(hedge.params()).doesNotContainKey("maxTokens"); // the agent caps its own default at it

    h.coordinator.handle(new Input.UsageReported(hedge.key(), new Usage(30, 0)));
    h.drain();
    h.coordinator.handle(new Input.UsageReported(first.key(), new Usage(70, 0)));
    h.drain();
    assertThat(h.cancels).isEmpty(); // 100 of 100: each may still end on its last token
    h.coordinator.handle(new Input.UsageReported(first.key(), new Usage(71, 0)));
    h.drain();

    assertThat(h.cancels).extracting(Effects.Cancel::key).containsExactlyInAnyOrder(first.key(), hedge.key());
    assertThat(h.store.job(job).orElseThrow().reason()).contains("BUDGET_EXHAUSTED: token budget of 100 exceeded (101)");
    // Both charge what they used when their last reports arrive.
    h.coordinator.handle(new Input.AttemptFailed(first.key(), Failure.of(FailureKind.TRANSIENT, "cancelled"), 0,
        new Usage(71, 0)));
    h.coordinator.handle(new Input.AttemptFailed(hedge.key(), Failure.of(FailureKind.TRANSIENT, "cancelled"), 0,
        new Usage(30, 0)));
    h.drain();
    assertThat(h.store.job(job).orElseThrow().tokensUsed()).isEqualTo(101);
  }

  @Test
  void noHedgeStartsOnceTheRunningAttemptReportedTheWholeBudget() {
    var wf = Workflow.builder("h")
        .step("a", s -> s.kind("text").deadlines(LONG).hedge(Hedge.after(Duration.ofSeconds(2)))).build();
    var h = new Harness(wf).agent("w1", "text").agent("w2", "text");
    h.submit("h", Map.of(), new Budget(10, 0, 5)); // a cost budget only
    var first = h.lastDispatch();
    assertThat(first.tokensLeft()).isEmpty();
    h.coordinator.handle(new Input.UsageReported(first.key(), new Usage(10, 5)));
    h.advanceBeating(Duration.ofSeconds(3), "w1", "w2");
    assertThat(h.dispatches).hasSize(1); // no hedge: nothing is left for it
    assertThat(h.cancels).isEmpty();     // the first may still end within the budget

    h.coordinator.handle(new Input.UsageReported(first.key(), new Usage(11, 5.5)));
    h.drain();
    assertThat(h.events(Event.JobFailed.class)).singleElement()
        .satisfies(e -> assertThat(e.reason()).contains("BUDGET_EXHAUSTED: cost budget of 5.0 exceeded (5.5)"));
  }

  @Test
  void aReportFromAnAttemptThatAlreadyEndedChangesNothing() {
    var wf = Workflow.builder("one").step("a", s -> s.kind("text")).build();
    var h = new Harness(wf).agent("w1", "text");
    String job = h.submit("one", Map.of(), new Budget(10, 100, 0));
    var first = h.lastDispatch();
    h.coordinator.handle(new Input.AttemptSucceeded(first.key(), Output.text("x").withUsage(new Usage(50, 0))));
    h.coordinator.handle(new Input.UsageReported(first.key(), new Usage(500, 0)));
    h.drain();
    var record = h.store.job(job).orElseThrow();
    assertThat(record.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(record.tokensUsed()).isEqualTo(50);
  }
}
