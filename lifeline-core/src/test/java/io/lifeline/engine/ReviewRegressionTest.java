package io.lifeline.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeline.checkpoint.CheckpointKind;
import io.lifeline.event.Event;
import io.lifeline.model.AgentSpec;
import io.lifeline.model.Failure;
import io.lifeline.model.FailureKind;
import io.lifeline.model.Output;
import io.lifeline.model.RetryPolicy;
import io.lifeline.model.Usage;
import io.lifeline.model.Workflow;
import io.lifeline.store.Budget;
import io.lifeline.store.JobState;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Regression tests for the defects a review of the coordinator found (named after each). */
class ReviewRegressionTest {

  static final Workflow PAIR = Workflow.builder("pair")
      .step("a", s -> s.kind("text").retry(RetryPolicy.DEFAULT.withRetries(0)))
      .step("b", s -> s.kind("text"))
      .build();
  static final Workflow ONE = Workflow.builder("one").step("a", s -> s.kind("text")).build();

  @Test
  void agentLossThatDeadLettersOneStepDoesNotResurrectItsSibling() {
    var h = new Harness(PAIR).agent("w1", "text", Map.of(), 2);
    String job = h.submit("pair", Map.of());
    h.agent("w2", "text");
    h.agent("w1", "text", Map.of(), 2); // a new incarnation: both attempts on w1 are lost
    assertThat(h.store.job(job).orElseThrow().state()).isEqualTo(JobState.FAILED);
    assertThat(h.dispatches).hasSize(2);
    assertThat(h.events(Event.JobFailed.class)).hasSize(1);
  }

  @Test
  void restoreThatDeadLettersOneStepDoesNotResurrectItsSibling() {
    var h = new Harness(PAIR).agent("w1", "text", Map.of(), 2);
    String job = h.submit("pair", Map.of());
    var restarted = new Coordinator(EngineConfig.defaults(() -> new SilenceDetector(Harness.DETECTOR_TIMEOUT)),
        Map.of("pair", PAIR), h.clock, h.clock, new SplittableRandom(1));
    restarted.handle(new Input.AgentJoined(new AgentSpec("w2", "text", Map.of(), 1, 1), 1));
    RecoveredJobs.load(h.store).forEach(restarted::restore);
    var effects = restarted.drain();
    h.store.commit(effects.writes());
    assertThat(effects.dispatches()).isEmpty();
    assertThat(h.store.job(job).orElseThrow().state()).isEqualTo(JobState.FAILED);
  }

  @Test
  void theSpendOfASupersededAttemptIsCharged() {
    var h = new Harness(ONE).agent("w1", "text").agent("w2", "text");
    String job = h.submit("one", Map.of(), new Budget(10, 100_000, 1000));
    var first = h.lastDispatch();
    h.advanceBeating(Duration.ofSeconds(130), "w1", "w2"); // past the 2 min no-progress deadline
    assertThat(h.lastDispatch().key().attempt()).isEqualTo(2);
    h.coordinator.handle(new Input.AttemptSucceeded(first.key(), Output.text("late").withUsage(new Usage(5_000, 50))));
    h.drain();
    assertThat(h.store.job(job).orElseThrow().tokensUsed()).isGreaterThanOrEqualTo(5_000);
  }

  @Test
  void theSpendOfASupersededAttemptThatReportsAfterItsJobFinishedIsChargedToo() {
    var h = new Harness(ONE).agent("w1", "text").agent("w2", "text");
    String job = h.submit("one", Map.of(), new Budget(10, 100_000, 1000));
    var first = h.lastDispatch();
    h.advanceBeating(Duration.ofSeconds(130), "w1", "w2");
    var second = h.lastDispatch();
    h.coordinator.handle(new Input.AttemptSucceeded(second.key(), Output.text("done").withUsage(new Usage(100, 1))));
    h.drain();
    assertThat(h.store.job(job).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);

    h.coordinator.handle(new Input.AttemptSucceeded(first.key(), Output.text("late").withUsage(new Usage(5_000, 50))));
    h.drain();

    var charged = h.store.job(job).orElseThrow();
    assertThat(charged.tokensUsed()).isEqualTo(5_100);
    assertThat(charged.costUsed()).isEqualTo(51);
    assertThat(charged.state()).isEqualTo(JobState.SUCCEEDED);
  }

  @Test
  void aSecondActiveJobUnderTheSameIdIsRefused() {
    var h = new Harness(ONE).agent("w1", "text", Map.of(), 4);
    h.coordinator.handle(new Input.Submit(1, "J", "one", Map.of(), "k1", null));
    h.coordinator.handle(new Input.Submit(2, "J", "one", Map.of(), "k2", null));
    h.drain();
    assertThat(h.refusals).singleElement().extracting(Throwable::getMessage).asString().contains("jobId: 'J'");
  }

  @Test
  void aResubmissionOfARecentlyFinishedKeyIsAnsweredWithThatJobNotStored() {
    var h = new Harness(ONE).agent("w1", "text");
    h.coordinator.handle(new Input.Submit(1, "J1", "one", Map.of(), "K", null));
    h.drain();
    h.succeed(h.lastDispatch(), "done");
    h.coordinator.handle(new Input.Submit(2, "J2", "one", Map.of(), "K", null));
    h.coordinator.handle(new Input.Submit(3, "J3", "one", Map.of(), "other", null));
    h.drain(); // used to throw: the store refused a second job under key K and the engine stopped
    assertThat(h.acks).containsExactly("J1", "J1", "J3");
  }

  @Test
  void aReplacementAfterLowQualityDoesNotResumeFromTheRejectedContent() {
    var h = new Harness(ONE).agent("w1", "text", Map.of("model", "m1"), 1).agent("w2", "text", Map.of("model", "m2"), 1);
    h.submit("one", Map.of());
    var first = h.lastDispatch();
    h.coordinator.handle(new Input.CheckpointOffered(99, first.key(), CheckpointKind.FULL, "bad text".getBytes(), 90));
    h.drain();
    h.fail(first, Failure.of(FailureKind.LOW_QUALITY, "score 0.1"));
    assertThat(h.lastDispatch().resume()).isFalse();
  }

  @Test
  void aStaleHeartbeatIsRecordedOncePerAttempt() {
    var h = new Harness(ONE).agent("w1", "text").agent("w2", "text");
    h.submit("one", Map.of());
    var first = h.lastDispatch();
    h.fail(first, Failure.of(FailureKind.TIMEOUT, "hang"));
    for (int i = 0; i < 10; i++) {
      h.coordinator.handle(new Input.AttemptHeartbeat(first.key()));
    }
    h.drain();
    assertThat(h.events(Event.StaleResultRejected.class)).hasSize(1);
  }

  @Test
  void aJobWhoseOnlyAgentDiedEndsAsNoCapacity() {
    var h = new Harness(ONE).agent("w1", "text");
    String job = h.submit("one", Map.of());
    for (int minute = 0; minute < 40; minute++) {
      h.advance(Duration.ofMinutes(1)); // w1 never heartbeats again
    }
    var record = h.store.job(job).orElseThrow();
    assertThat(record.state()).isEqualTo(JobState.FAILED);
    assertThat(record.reason()).contains("NO_CAPACITY");
  }

  @Test
  void aBacklogBehindBusyAgentsIsNotAnOutage() {
    var slow = Workflow.builder("slow").step("a", s -> s.kind("text")
        .deadlines(new io.lifeline.model.Deadlines(Duration.ofHours(2), Duration.ofHours(2)))).build();
    var h = new Harness(slow).agent("w1", "text");
    h.submit("slow", Map.of());
    String queued = h.submit("slow", Map.of());
    h.advanceBeating(Duration.ofMinutes(31), "w1"); // w1 is healthy, just busy with the first job
    assertThat(h.dispatches).hasSize(1);
    assertThat(h.store.job(queued).orElseThrow().state()).isEqualTo(JobState.QUEUED);
  }
}
