package io.lifeline.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeline.checkpoint.CheckpointKind;
import io.lifeline.detect.Health;
import io.lifeline.event.Event;
import io.lifeline.model.Deadlines;
import io.lifeline.model.Failure;
import io.lifeline.model.FailureKind;
import io.lifeline.model.RetryPolicy;
import io.lifeline.model.Workflow;
import io.lifeline.store.Budget;
import io.lifeline.store.JobState;
import io.lifeline.store.StepState;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CoordinatorTest {

  static final Workflow ARTICLE = Workflow.builder("article")
      .step("outline", s -> s.kind("text").prompt("Outline {{topic}}")
          .deadlines(new Deadlines(Duration.ofSeconds(30), Duration.ofSeconds(5))))
      .step("draft", s -> s.kind("text").after("outline").prompt("Write from {{outline}}")
          .deadlines(new Deadlines(Duration.ofSeconds(30), Duration.ofSeconds(5))))
      .build();

  @Test
  void runsAJobThroughItsStepsToSuccess() {
    var h = new Harness(ARTICLE).agent("w1", "text");
    String job = h.submit("article", Map.of("topic", "tides"));
    assertThat(h.acks).containsExactly(job);
    assertThat(h.lastDispatch().key()).isEqualTo(new AttemptKey(job, "outline", 1));

    h.succeed(h.lastDispatch(), "1. Moon");
    assertThat(h.lastDispatch().key()).isEqualTo(new AttemptKey(job, "draft", 1));
    h.succeed(h.lastDispatch(), "The moon pulls the sea.");

    assertThat(h.store.job(job).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(h.store.output(job, "draft").orElseThrow().text()).isEqualTo("The moon pulls the sea.");
    assertThat(h.events(Event.JobSucceeded.class)).hasSize(1);
    assertThat(h.coordinator.activeJobs()).isZero();
  }

  @Test
  void refusesUnknownWorkflowAndMissingInputWithoutWriting() {
    var wf = Workflow.builder("strict").input("topic").step("a", s -> s.prompt("{{topic}}")).build();
    var h = new Harness(wf);
    h.submit("nope", Map.of());
    h.submit("strict", Map.of());
    assertThat(h.refusals).extracting(Throwable::getMessage)
        .anySatisfy(m -> assertThat(m).contains("workflow: 'nope' is not registered"))
        .anySatisfy(m -> assertThat(m).contains("input 'topic' is required"));
    assertThat(h.store.jobs(java.util.Optional.empty(), 10)).isEmpty();
  }

  @Test
  void refusesSubmissionsPastTheActiveJobLimit() {
    var config = EngineConfig.defaults(() -> new SilenceDetector(Duration.ofSeconds(2))).withMaxActiveJobs(2);
    var h = new Harness(config, ARTICLE);
    h.submit("article", Map.of());
    h.submit("article", Map.of());
    h.submit("article", Map.of());
    assertThat(h.refusals).singleElement().isInstanceOf(OverloadedException.class)
        .extracting(Throwable::getMessage).asString().contains("maxActiveJobs");
    assertThat(h.store.countByState()).containsEntry(JobState.QUEUED, 2L);
  }

  @Test
  void aSilentAttemptTimesOutAndIsReplacedOnAnotherAgent() {
    var h = new Harness(ARTICLE).agent("w1", "text").agent("w2", "text");
    String job = h.submit("article", Map.of());
    var first = h.lastDispatch();
    h.advanceBeating(Duration.ofSeconds(6), "w1", "w2");

    var failed = h.events(Event.AttemptFailed.class);
    assertThat(failed).singleElement().satisfies(f -> {
      assertThat(f.kind()).isEqualTo(FailureKind.TIMEOUT);
      assertThat(f.message()).contains("no progress");
    });
    assertThat(h.cancels).extracting(Effects.Cancel::key).containsExactly(first.key());
    var second = h.lastDispatch();
    assertThat(second.key().attempt()).isEqualTo(2);
    assertThat(second.agentId()).isNotEqualTo(first.agentId());
    assertThat(h.events(Event.RecoveryDecided.class)).singleElement()
        .satisfies(d -> assertThat(d.action()).isEqualTo("Replace"));
    assertThat(job).isNotNull();
  }

  @Test
  void heartbeatsAndCheckpointsExtendTheNoProgressDeadline() {
    var h = new Harness(ARTICLE).agent("w1", "text");
    h.submit("article", Map.of());
    var d = h.lastDispatch();
    for (int i = 0; i < 14; i++) {
      h.advanceBeating(Duration.ofSeconds(2), "w1");
      h.coordinator.handle(new Input.AttemptHeartbeat(d.key()));
      h.drain();
    }
    assertThat(h.events(Event.AttemptFailed.class)).isEmpty(); // 28 s: alive past 5 x the no-progress limit
    h.advanceBeating(Duration.ofSeconds(2), "w1");
    assertThat(h.events(Event.AttemptFailed.class)).singleElement()
        .satisfies(f -> assertThat(f.message()).contains("total deadline"));
  }

  @Test
  void aLateResultFromASupersededAttemptIsRejectedAndRecorded() {
    var h = new Harness(ARTICLE).agent("w1", "text").agent("w2", "text");
    String job = h.submit("article", Map.of());
    var first = h.lastDispatch();
    h.advanceBeating(Duration.ofSeconds(6), "w1", "w2");
    var second = h.lastDispatch();

    h.succeed(first, "late but alive");
    h.succeed(second, "current");

    assertThat(h.events(Event.StaleResultRejected.class)).singleElement().satisfies(s -> {
      assertThat(s.staleAttempt()).isEqualTo(1);
      assertThat(s.currentAttempt()).isEqualTo(2);
      assertThat(s.what()).isEqualTo("result");
    });
    assertThat(h.events(Event.StepSucceeded.class)).singleElement()
        .satisfies(s -> assertThat(s.attempt()).isEqualTo(2));
    assertThat(h.store.output(job, "outline").orElseThrow().text()).isEqualTo("current");
  }

  @Test
  void anAgentDeclaredDeadWhileAliveCannotCompleteTheStepLate() {
    // A partition (or a long GC pause) silences w1's heartbeats while its attempt keeps working.
    var h = new Harness(ARTICLE).agent("w1", "text").agent("w2", "text");
    String job = h.submit("article", Map.of());
    var first = h.lastDispatch();
    String other = first.agentId().equals("w1") ? "w2" : "w1";
    h.advanceBeating(Duration.ofMillis(2100), other);
    assertThat(h.coordinator.agentHealth(first.agentId())).contains(Health.DEAD);
    var second = h.lastDispatch();
    assertThat(second.agentId()).isEqualTo(other);

    h.succeed(first, "from the partitioned agent"); // the partition heals and the late result arrives
    h.succeed(second, "from the replacement");

    assertThat(h.events(Event.StaleResultRejected.class)).singleElement().satisfies(s -> {
      assertThat(s.staleAttempt()).isEqualTo(1);
      assertThat(s.agentId()).isEqualTo(first.agentId());
    });
    assertThat(h.events(Event.StepSucceeded.class)).singleElement()
        .satisfies(s -> assertThat(s.agentId()).isEqualTo(other));
    assertThat(h.store.output(job, "outline").orElseThrow().text()).isEqualTo("from the replacement");
  }

  @Test
  void aCrashedAgentIsDeclaredDeadAndItsAttemptResumesElsewhere() {
    var h = new Harness(ARTICLE).agent("w1", "text").agent("w2", "text");
    h.submit("article", Map.of());
    var first = h.lastDispatch();
    h.coordinator.handle(new Input.CheckpointOffered(99, first.key(), CheckpointKind.FULL, new byte[] {1}, 7));
    h.drain();
    String survivor = first.agentId().equals("w1") ? "w2" : "w1";

    h.advanceBeating(Duration.ofMillis(2100), survivor);

    assertThat(h.coordinator.agentHealth(first.agentId())).contains(Health.DEAD);
    assertThat(h.events(Event.AgentSuspected.class)).hasSize(1);
    assertThat(h.events(Event.AttemptFailed.class)).singleElement()
        .satisfies(f -> assertThat(f.kind()).isEqualTo(FailureKind.AGENT_LOST));
    assertThat(h.events(Event.AttemptStarted.class)).last().satisfies(s -> {
      assertThat(s.agentId()).isEqualTo(survivor);
      assertThat(s.resumedSeq()).isEqualTo(1);
      assertThat(s.resumedProgress()).isEqualTo(7);
    });
  }

  @Test
  void transientFailuresRetryTheSameAgentWithBackoffThenReplaceIt() {
    var h = new Harness(ARTICLE).agent("w1", "text").agent("w2", "text");
    h.submit("article", Map.of());
    String first = h.lastDispatch().agentId();
    for (int i = 0; i < 3; i++) {
      h.fail(h.lastDispatch(), Failure.of(FailureKind.TRANSIENT, "503"));
      h.advanceBeating(Duration.ofSeconds(3), "w1", "w2");
    }
    assertThat(h.events(Event.RecoveryDecided.class)).extracting(Event.RecoveryDecided::action)
        .containsExactly("Retry", "Retry", "Replace");
    assertThat(h.dispatches).extracting(Effects.Dispatch::agentId)
        .containsExactly(first, first, first, first.equals("w1") ? "w2" : "w1");
  }

  @Test
  void aTransientFailureWithARetryAfterGoesElsewhereInsteadOfRetryingTheSameAgent() {
    var h = new Harness(ARTICLE).agent("w1", "text").agent("w2", "text");
    h.submit("article", Map.of());
    var first = h.lastDispatch();
    h.fail(first, new Failure(FailureKind.TRANSIENT, "circuit breaker open", java.util.Optional.of(Duration.ofSeconds(30))));
    assertThat(h.events(Event.RecoveryDecided.class)).singleElement()
        .satisfies(d -> assertThat(d.action()).isEqualTo("Replace"));
    assertThat(h.lastDispatch().agentId()).isNotEqualTo(first.agentId());
  }

  @Test
  void rateLimitCoolsTheProviderAndRoutesToAnotherWithoutCountingAgainstTheStep() {
    var wf = Workflow.builder("one").step("a", s -> s.kind("text").retry(RetryPolicy.DEFAULT.withRetries(0))).build();
    var h = new Harness(wf)
        .agent("a1", "text", Map.of("provider", "alpha"), 1)
        .agent("b1", "text", Map.of("provider", "beta"), 1);
    String job = h.submit("one", Map.of());
    var first = h.lastDispatch();
    h.fail(first, Failure.rateLimited("429", Duration.ofSeconds(30)));

    assertThat(h.events(Event.ProviderCooling.class)).hasSize(1);
    var second = h.lastDispatch();
    assertThat(second.agentId()).isNotEqualTo(first.agentId());
    h.succeed(second, "ok");
    assertThat(h.store.job(job).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
  }

  @Test
  void deadLettersAfterTheStepsAttemptsWithTheReasonAndCancelsTheRest() {
    var wf = Workflow.builder("pair")
        .step("a", s -> s.kind("text").retry(RetryPolicy.DEFAULT.withRetries(1)))
        .step("b", s -> s.kind("text"))
        .build();
    var h = new Harness(wf).agent("w1", "text", Map.of(), 2);
    String job = h.submit("pair", Map.of());
    var a = h.dispatches.stream().filter(d -> d.key().stepId().equals("a")).findFirst().orElseThrow();
    var b = h.dispatches.stream().filter(d -> d.key().stepId().equals("b")).findFirst().orElseThrow();
    h.fail(a, Failure.of(FailureKind.INVALID_OUTPUT, "empty"));
    h.fail(h.lastDispatch(), Failure.of(FailureKind.INVALID_OUTPUT, "empty again"));

    var record = h.store.job(job).orElseThrow();
    assertThat(record.state()).isEqualTo(JobState.FAILED);
    assertThat(record.reason()).contains("step 'a'").contains("2 of 2 attempts");
    assertThat(h.cancels).extracting(Effects.Cancel::key).contains(b.key());
    assertThat(h.store.steps(job)).filteredOn(s -> s.stepId().equals("b"))
        .singleElement().extracting(s -> s.state()).isEqualTo(StepState.CANCELLED);
  }

  @Test
  void permanentFailuresDeadLetterAtOnce() {
    var h = new Harness(ARTICLE).agent("w1", "text");
    String job = h.submit("article", Map.of());
    h.fail(h.lastDispatch(), Failure.of(FailureKind.PERMANENT, "400 bad request"));
    assertThat(h.store.job(job).orElseThrow().reason()).contains("permanent failure: 400 bad request");
    assertThat(h.dispatches).hasSize(1);
  }

  @Test
  void theJobsAttemptBudgetBoundsAllItsSteps() {
    var h = new Harness(ARTICLE).agent("w1", "text").agent("w2", "text");
    String job = h.submit("article", Map.of(), new Budget(2, 1000, 1000));
    h.fail(h.lastDispatch(), Failure.of(FailureKind.TIMEOUT, "hang"));
    h.fail(h.lastDispatch(), Failure.of(FailureKind.TIMEOUT, "hang"));
    assertThat(h.store.job(job).orElseThrow()).satisfies(j -> {
      assertThat(j.state()).isEqualTo(JobState.FAILED);
      assertThat(j.reason()).contains("BUDGET_EXHAUSTED");
      assertThat(j.attemptsUsed()).isEqualTo(2);
    });
  }

  @Test
  void aStaleCheckpointIsRefused() {
    var h = new Harness(ARTICLE).agent("w1", "text").agent("w2", "text");
    h.submit("article", Map.of());
    var first = h.lastDispatch();
    h.fail(first, Failure.of(FailureKind.TIMEOUT, "hang"));
    h.coordinator.handle(new Input.CheckpointOffered(7, first.key(), CheckpointKind.FULL, new byte[] {1}, 1));
    h.drain();
    assertThat(h.refusals).singleElement().isInstanceOf(StaleAttemptException.class);
    assertThat(h.events(Event.StaleResultRejected.class)).singleElement()
        .satisfies(s -> assertThat(s.what()).isEqualTo("checkpoint"));
    assertThat(h.store.checkpoints(first.key().jobId(), "outline")).isEmpty();
  }

  @Test
  void cancellationStopsRunningAttemptsAndEndsTheJob() {
    var h = new Harness(ARTICLE).agent("w1", "text");
    String job = h.submit("article", Map.of());
    var d = h.lastDispatch();
    h.coordinator.handle(new Input.Cancel(5, job, "user asked"));
    h.drain();
    assertThat(h.cancels).extracting(Effects.Cancel::key).containsExactly(d.key());
    assertThat(h.store.job(job).orElseThrow().state()).isEqualTo(JobState.CANCELLED);
    h.succeed(d, "too late");
    assertThat(h.events(Event.StepSucceeded.class)).isEmpty();
  }

  @Test
  void restoreFailsAttemptsThatWereRunningAndContinuesTheAttemptNumbers() {
    var h = new Harness(ARTICLE).agent("w1", "text");
    String job = h.submit("article", Map.of());
    var first = h.lastDispatch();

    var after = new Harness(ARTICLE);
    var record = h.store.job(job).orElseThrow();
    var copy = new java.util.ArrayList<io.lifeline.store.Write>();
    copy.add(new io.lifeline.store.Write.PutJob(record));
    h.store.steps(job).forEach(s -> copy.add(new io.lifeline.store.Write.PutStep(s)));
    after.store.commit(copy);
    after.coordinator.handle(new Input.AgentJoined(new io.lifeline.model.AgentSpec("w1", "text", Map.of(), 1, 1), 1));
    after.coordinator.restore(new RecoveredJob(record, h.store.steps(job), Map.of()));
    after.drain();
    after.advanceBeating(Duration.ofSeconds(1), "w1");

    assertThat(after.events(Event.AttemptFailed.class)).singleElement().satisfies(f -> {
      assertThat(f.kind()).isEqualTo(FailureKind.AGENT_LOST);
      assertThat(f.message()).contains("engine restarted");
    });
    assertThat(after.lastDispatch().key()).isEqualTo(new AttemptKey(job, "outline", first.key().attempt() + 1));
  }
}
