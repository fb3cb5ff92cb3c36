package io.lifeline.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeline.event.Event;
import io.lifeline.model.Failure;
import io.lifeline.model.FailureKind;
import io.lifeline.model.Workflow;
import io.lifeline.store.JobState;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FanOutTest {

  static final Workflow HEADLINES = Workflow.builder("headlines")
      .step("headline", s -> s.kind("text").fanOut(3, 2).retry(io.lifeline.model.RetryPolicy.DEFAULT.withRetries(4)))
      .build();

  @Test
  void runsBranchesOnDifferentAgentsAndSucceedsOnceEnoughHave() {
    var h = new Harness(HEADLINES).agent("w1", "text").agent("w2", "text").agent("w3", "text");
    String job = h.submit("headlines", Map.of());
    assertThat(h.dispatches).hasSize(3);
    assertThat(h.dispatches).extracting(Effects.Dispatch::agentId).doesNotHaveDuplicates();

    h.succeed(h.dispatches.get(0), "Tides turn");
    assertThat(h.store.job(job).orElseThrow().state()).isEqualTo(JobState.RUNNING);
    h.succeed(h.dispatches.get(2), "Moon pulls");

    assertThat(h.store.job(job).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(h.store.output(job, "headline").orElseThrow().text()).isEqualTo("Tides turn\n\n---\n\nMoon pulls");
    assertThat(h.cancels).extracting(Effects.Cancel::key).containsExactly(h.dispatches.get(1).key());
    assertThat(h.events(Event.BranchSucceeded.class)).hasSize(2);
    assertThat(h.events(Event.StepSucceeded.class)).hasSize(1);
    h.succeed(h.dispatches.get(1), "Too late");
    assertThat(h.events(Event.StaleResultRejected.class)).hasSize(1);
  }

  @Test
  void aFailedBranchIsReplacedOnAFreeAgentWithoutARecoveryRound() {
    var h = new Harness(HEADLINES).agent("w1", "text").agent("w2", "text").agent("w3", "text").agent("w4", "text");
    String job = h.submit("headlines", Map.of());
    assertThat(h.dispatches).hasSize(3);
    h.fail(h.dispatches.get(0), Failure.of(FailureKind.TRANSIENT, "503"));
    assertThat(h.dispatches).hasSize(4);
    assertThat(h.lastDispatch().agentId()).isEqualTo("w4");
    assertThat(h.events(Event.RecoveryDecided.class)).isEmpty();
    h.succeed(h.dispatches.get(1), "a");
    h.succeed(h.dispatches.get(3), "b");
    assertThat(h.store.job(job).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
  }

  @Test
  void withTooFewAgentsTheBranchesRunAsSlotsFreeUp() {
    var h = new Harness(HEADLINES).agent("w1", "text").agent("w2", "text");
    String job = h.submit("headlines", Map.of());
    assertThat(h.dispatches).hasSize(2);
    h.fail(h.dispatches.get(0), Failure.of(FailureKind.TRANSIENT, "503"));
    h.fail(h.dispatches.get(1), Failure.of(FailureKind.TRANSIENT, "503"));
    // Both failed with nothing running: an ordinary recovery round, which starts the branches again.
    h.advanceBeating(java.time.Duration.ofSeconds(3), "w1", "w2");
    assertThat(h.dispatches.size()).isGreaterThanOrEqualTo(3);
    java.util.List.copyOf(h.dispatches.subList(2, h.dispatches.size())).forEach(d -> h.succeed(d, "ok " + d.agentId()));
    assertThat(h.store.job(job).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
  }

  @Test
  void rateLimitedBranchesDoNotUseUpTheStepsAttempts() {
    // Five attempts for three branches: three 429s in a row still leave room for a fourth branch,
    // as a 429 is the provider's fault (RetryPolicy), not the step's.
    var h = new Harness(HEADLINES);
    for (int i = 1; i <= 6; i++) {
      h.agent("w" + i, "text");
    }
    h.submit("headlines", Map.of());
    for (int i = 0; i < 3; i++) {
      h.fail(h.dispatches.get(i), Failure.rateLimited("429", java.time.Duration.ofMinutes(1)));
    }
    assertThat(h.dispatches).extracting(Effects.Dispatch::agentId).containsExactly("w1", "w2", "w3", "w4", "w5", "w6");
  }

  @Test
  void aBranchThatSucceedsWithTheAttemptsUsedUpEndsTheStepInsteadOfStartingOneMore() {
    // Regression: a success that left the step short of its need with nothing running made it
    // ready again, and dispatch started a sixth attempt of a five-attempt step (I4).
    var all = Workflow.builder("headlines")
        .step("headline", s -> s.kind("text").fanOut(3, 3).retry(io.lifeline.model.RetryPolicy.DEFAULT.withRetries(4)))
        .build();
    var h = new Harness(all).agent("w1", "text").agent("w2", "text").agent("w3", "text");
    String job = h.submit("headlines", Map.of());
    h.succeed(h.dispatches.get(0), "a");
    h.fail(h.dispatches.get(1), Failure.of(FailureKind.INVALID_OUTPUT, "empty"));
    h.fail(h.dispatches.get(2), Failure.of(FailureKind.INVALID_OUTPUT, "empty"));
    // A recovery round starts two more branches: attempts 4 and 5, the last ones.
    assertThat(h.dispatches).hasSize(5);
    h.fail(h.dispatches.get(3), Failure.of(FailureKind.INVALID_OUTPUT, "empty"));
    h.succeed(h.dispatches.get(4), "b");

    assertThat(h.dispatches).hasSize(5);
    assertThat(h.store.job(job).orElseThrow().reason()).isEqualTo("step 'headline': fanOut over agents needs 3"
        + " of 3 but at most 2 can still succeed (2 succeeded, 0 running; 0 of 5 attempts left)");
  }
}
