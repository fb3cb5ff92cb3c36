package io.lifeline.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeline.event.Event;
import io.lifeline.model.Deadlines;
import io.lifeline.model.Failure;
import io.lifeline.model.FailureKind;
import io.lifeline.model.Hedge;
import io.lifeline.model.Workflow;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HedgingTest {

  static final Deadlines LONG = new Deadlines(Duration.ofSeconds(60), Duration.ofSeconds(30));

  static Workflow hedged(Hedge hedge) {
    return Workflow.builder("h").step("a", s -> s.kind("text").deadlines(LONG).hedge(hedge)).build();
  }

  @Test
  void aSlowAttemptGetsAHedgeOnAnotherAgentAndTheFirstResultWins() {
    var h = new Harness(hedged(Hedge.after(Duration.ofSeconds(2)))).agent("w1", "text").agent("w2", "text");
    String job = h.submit("h", Map.of());
    var first = h.lastDispatch();
    h.advanceBeating(Duration.ofMillis(1900), "w1", "w2");
    assertThat(h.dispatches).hasSize(1);
    h.advanceBeating(Duration.ofMillis(200), "w1", "w2");
    var hedge = h.lastDispatch();
    assertThat(hedge.key().attempt()).isEqualTo(2);
    assertThat(hedge.agentId()).isNotEqualTo(first.agentId());
    assertThat(h.events(Event.AttemptStarted.class).getLast().variant()).contains("hedge");

    h.succeed(hedge, "fast");
    assertThat(h.cancels).extracting(Effects.Cancel::key).containsExactly(first.key());
    h.succeed(first, "slow and late");
    assertThat(h.events(Event.StaleResultRejected.class)).singleElement()
        .satisfies(s -> assertThat(s.staleAttempt()).isEqualTo(1));
    assertThat(h.store.output(job, "a").orElseThrow().text()).isEqualTo("fast");
    assertThat(h.events(Event.StepSucceeded.class)).singleElement()
        .satisfies(s -> assertThat(s.agentId()).isEqualTo(hedge.agentId()));
  }

  @Test
  void whenOneSideOfTheRaceFailsTheOtherStillWinsWithoutARecovery() {
    var h = new Harness(hedged(Hedge.after(Duration.ofSeconds(1)))).agent("w1", "text").agent("w2", "text");
    String job = h.submit("h", Map.of());
    var first = h.lastDispatch();
    h.advanceBeating(Duration.ofMillis(1100), "w1", "w2");
    var hedge = h.lastDispatch();
    h.fail(hedge, Failure.of(FailureKind.TRANSIENT, "503"));
    assertThat(h.events(Event.RecoveryDecided.class)).isEmpty();
    h.succeed(first, "the original");
    assertThat(h.store.job(job).orElseThrow().state()).isEqualTo(io.lifeline.store.JobState.SUCCEEDED);
  }

  /** A hedge pays twice for one result: a job low on tokens or cost does not hedge. */
  @Test
  void aJobLowOnBudgetDoesNotHedge() {
    assertThat(hedgesOfSecondStep(/* tokensSpentByFirst= */ 100)).isEqualTo(1);
    assertThat(hedgesOfSecondStep(/* tokensSpentByFirst= */ 800)).isZero(); // under a quarter left
  }

  private static long hedgesOfSecondStep(long tokensSpentByFirst) {
    var wf = Workflow.builder("h").step("a", s -> s.kind("text").deadlines(LONG))
        .step("b", s -> s.kind("text").after("a").deadlines(LONG).hedge(Hedge.after(Duration.ofSeconds(1)))).build();
    var h = new Harness(wf).agent("w1", "text").agent("w2", "text");
    h.submit("h", Map.of(), new io.lifeline.store.Budget(10, 1000, 100));
    h.coordinator.handle(new Input.AttemptSucceeded(h.lastDispatch().key(),
        io.lifeline.model.Output.text("a").withUsage(new io.lifeline.model.Usage(tokensSpentByFirst, 0))));
    h.drain();
    h.advanceBeating(Duration.ofSeconds(2), "w1", "w2");
    return h.dispatches.stream().filter(d -> d.key().stepId().equals("b")).count() - 1;
  }

  @Test
  void aDueHedgeWithNoFreeAgentDoesNotMakeTheCoordinatorSpin() {
    // Found by the simulator (seed 12, mixed): a due hedge with no agent to take it kept asking
    // to be woken at once, forever.
    var h = new Harness(hedged(Hedge.after(Duration.ofSeconds(1)))).agent("w1", "text");
    h.submit("h", Map.of());
    h.advanceBeating(Duration.ofMillis(1500), "w1");
    assertThat(h.dispatches).hasSize(1);
    assertThat(h.coordinator.nextWakeNanos() - h.clock.read()).isPositive();
  }

  @Test
  void atP95TheMeasuredP95TakesOverFromTheColdStartDelayOnceEnoughLatenciesWereMeasured() {
    var h = new Harness(hedged(Hedge.atP95())).agent("w1", "text", Map.of(), 4).agent("w2", "text", Map.of(), 4);
    for (int i = 0; i < LatencyWindow.MIN_SAMPLES; i++) {
      h.submit("h", Map.of());
      h.advanceBeating(Duration.ofMillis(500), "w1", "w2");
      h.succeed(h.lastDispatch(), "ok");
    }
    assertThat(h.dispatches).hasSize(LatencyWindow.MIN_SAMPLES); // 500 ms is far below the cold-start 30 s
    h.submit("h", Map.of());
    h.advanceBeating(Duration.ofMillis(700), "w1", "w2");
    assertThat(h.dispatches).hasSize(LatencyWindow.MIN_SAMPLES + 2); // p95 = 500 ms: hedged
  }

  /** Nothing measured yet, and no-progress as long as the total, so only the hedge can act at 30 s. */
  static final Deadlines PATIENT = new Deadlines(Duration.ofSeconds(60), Duration.ofSeconds(60));

  @Test
  void aP95HedgeFiresInAFreshCoordinatorAtHalfTheTotalDeadline() {
    var h = new Harness(Workflow.builder("h").step("a", s -> s.kind("text").deadlines(PATIENT).hedge(Hedge.atP95()))
        .build()).agent("w1", "text").agent("w2", "text");
    h.submit("h", Map.of());
    var first = h.lastDispatch();

    h.advanceBeating(Duration.ofMillis(29_900), "w1", "w2");
    assertThat(h.dispatches).hasSize(1);
    h.advanceBeating(Duration.ofMillis(100), "w1", "w2");
    assertThat(h.dispatches).hasSize(2);
    assertThat(h.lastDispatch().agentId()).isNotEqualTo(first.agentId());
    assertThat(h.events(Event.AttemptStarted.class).getLast().variant()).isEqualTo("primary (hedge)");
  }

  @Test
  void aP95HedgeWithUntilMeasuredFiresAfterThatDelayInAFreshCoordinator() {
    var h = new Harness(hedged(Hedge.atP95(Duration.ofSeconds(5)))).agent("w1", "text").agent("w2", "text");
    h.submit("h", Map.of());

    h.advanceBeating(Duration.ofMillis(4_900), "w1", "w2");
    assertThat(h.dispatches).hasSize(1);
    h.advanceBeating(Duration.ofMillis(100), "w1", "w2");
    assertThat(h.dispatches).hasSize(2);
  }

  @Test
  void aRestartedCoordinatorHedgesAtTheP95ItsPredecessorStored() {
    var before = new Harness(hedged(Hedge.atP95())).agent("w1", "text", Map.of(), 4).agent("w2", "text", Map.of(), 4);
    for (int i = 0; i < LatencyWindow.MIN_SAMPLES; i++) {
      before.submit("h", Map.of());
      before.advanceBeating(Duration.ofMillis(100L * (i + 1)), "w1", "w2"); // 100 ms … 2 s
      before.succeed(before.lastDispatch(), "ok");
    }
    assertThat(before.store.latencies().get("text")).hasSize(LatencyWindow.MIN_SAMPLES)
        .startsWith(Duration.ofMillis(100), Duration.ofMillis(200)).endsWith(Duration.ofSeconds(2));

    var after = new Harness(hedged(Hedge.atP95()));
    after.coordinator.learnLatencies(before.store.latencies());
    after.agent("w1", "text").agent("w2", "text");
    after.submit("h", Map.of());
    after.advanceBeating(Duration.ofMillis(1_800), "w1", "w2");
    assertThat(after.dispatches).hasSize(1);
    after.advanceBeating(Duration.ofMillis(100), "w1", "w2"); // p95 of 100 ms … 2 s = 1.9 s
    assertThat(after.dispatches).hasSize(2);
  }

  @Test
  void theStoreKeepsTheLatestLatenciesOfEachKindAsManyAsTheWindowHolds() {
    var h = new Harness(hedged(Hedge.after(Duration.ofSeconds(50)))).agent("w1", "text", Map.of(), 4);
    for (int i = 0; i < LatencyWindow.SIZE + 5; i++) {
      h.submit("h", Map.of());
      h.advanceBeating(Duration.ofMillis(100), "w1");
      h.succeed(h.lastDispatch(), "ok");
    }
    assertThat(h.store.latencies()).containsOnlyKeys("text");
    assertThat(h.store.latencies().get("text")).hasSize(LatencyWindow.SIZE).containsOnly(Duration.ofMillis(100));
  }
}
