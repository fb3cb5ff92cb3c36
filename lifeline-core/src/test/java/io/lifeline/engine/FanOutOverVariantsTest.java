package io.lifeline.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeline.checkpoint.CheckpointKind;
import io.lifeline.event.Event;
import io.lifeline.model.Failure;
import io.lifeline.model.FailureKind;
import io.lifeline.model.FanOut;
import io.lifeline.model.RetryPolicy;
import io.lifeline.model.Variant;
import io.lifeline.model.Workflow;
import io.lifeline.store.Budget;
import io.lifeline.store.AttemptRecord;
import io.lifeline.store.JobState;
import io.lifeline.store.StepRecord;
import io.lifeline.store.StepState;
import io.lifeline.store.Write;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Fan-out over variants (issue 4 item 8): branch i runs variant i; see {@link FanOut}. */
class FanOutOverVariantsTest {

  /** Three variants: the step on a large model, a terse prompt, a small model; two must succeed. */
  static Workflow news(FanOut fanOut, int attempts) {
    return Workflow.builder("news")
        .step("headline", s -> s.kind("text").prompt("A headline").select(Map.of("model", "large"))
            .fallbacks(List.of(
                new Variant("terse", Map.of(), Map.of(), "Five words"),
                new Variant("small", Map.of("model", "small"), Map.of("size", "s"), "")))
            .fanOut(fanOut)
            .retry(RetryPolicy.DEFAULT.withRetries(attempts - 1)))
        .build();
  }

  static final Workflow NEWS = news(FanOut.overVariants(3, 2), 5);

  static Harness harness(Workflow workflow, String... agents) {
    var h = new Harness(workflow);
    for (String id : agents) {
      h.agent(id, "text", Map.of("model", id.substring(0, id.indexOf('-'))), 1);
    }
    return h;
  }

  static Effects.Dispatch branchOf(Harness h, int variant) {
    return h.dispatches.stream().filter(d -> d.variant() == variant).reduce((a, b) -> b).orElseThrow();
  }

  @Test
  void eachBranchRunsItsOwnVariantOnAnAgentOfItsSelector() {
    var h = harness(NEWS, "large-1", "large-2", "small-1");
    h.submit("news", Map.of());

    assertThat(h.dispatches).extracting(Effects.Dispatch::variant).containsExactly(0, 1, 2);
    assertThat(h.dispatches).extracting(Effects.Dispatch::agentId).containsExactly("large-1", "large-2", "small-1");
    assertThat(h.dispatches).extracting(d -> d.step().promptFor(d.variant()))
        .containsExactly("A headline", "Five words", "A headline");
    assertThat(branchOf(h, 2).step().paramsFor(2)).containsEntry("size", "s");
    assertThat(h.events(Event.AttemptStarted.class)).extracting(Event.AttemptStarted::variant)
        .containsExactly("primary", "terse (branch)", "small (branch)");
  }

  @Test
  void branchesPreferAgentsThatRunNoOtherBranchAndShareOneOnlyWhenNoOtherIsFree() {
    var h = new Harness(NEWS).agent("big", "text", Map.of("model", "large"), 2).agent("large-2", "text",
        Map.of("model", "large"), 1);
    h.submit("news", Map.of());
    // "big" has a second free slot, but the terse branch goes to the agent running no branch.
    assertThat(h.dispatches).extracting(Effects.Dispatch::agentId).containsExactly("big", "large-2");

    var alone = new Harness(NEWS).agent("big", "text", Map.of("model", "large"), 2);
    alone.submit("news", Map.of());
    assertThat(alone.dispatches).extracting(Effects.Dispatch::agentId).containsExactly("big", "big");
  }

  @Test
  void succeedsOnceTwoHaveJoiningInVariantOrderAndFencesTheLoser() {
    var h = harness(NEWS, "large-1", "large-2", "small-1");
    String job = h.submit("news", Map.of());
    var terse = branchOf(h, 1);

    h.succeed(branchOf(h, 2), "Small model headline");
    assertThat(h.store.job(job).orElseThrow().state()).isEqualTo(JobState.RUNNING);
    h.succeed(branchOf(h, 0), "Large model headline");

    assertThat(h.store.job(job).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
    var output = h.store.output(job, "headline").orElseThrow();
    assertThat(output.text()).isEqualTo("Large model headline\n\n---\n\nSmall model headline");
    assertThat(output.metadata()).containsEntry("fanOut", "2 of 3 variants (need 2): primary+small");
    assertThat(h.events(Event.BranchSucceeded.class)).extracting(Event.BranchSucceeded::variant)
        .containsExactly("small", "primary");
    assertThat(h.events(Event.StepSucceeded.class)).singleElement()
        .satisfies(s -> assertThat(s.variant()).isEqualTo("primary+small"));
    assertThat(h.cancels).extracting(Effects.Cancel::key).containsExactly(terse.key());

    h.coordinator.handle(new Input.CheckpointOffered(1, terse.key(), CheckpointKind.FULL, new byte[] {1}, 1));
    h.drain();
    h.succeed(terse, "Too late");
    assertThat(h.refusals).singleElement().isInstanceOf(StaleAttemptException.class);
    assertThat(h.events(Event.StaleResultRejected.class)).extracting(Event.StaleResultRejected::what)
        .containsExactly("checkpoint", "result");
    assertThat(h.store.output(job, "headline").orElseThrow().text()).doesNotContain("Too late");
  }

  @Test
  void aFailedBranchRunsItsOwnVariantAgainAtOnceOnAnotherAgent() {
    var h = harness(NEWS, "large-1", "large-2", "large-3", "small-1");
    h.submit("news", Map.of());
    var terse = branchOf(h, 1);
    assertThat(terse.agentId()).isEqualTo("large-2");

    h.fail(terse, Failure.of(FailureKind.TRANSIENT, "503"));

    assertThat(h.dispatches).hasSize(4);
    assertThat(h.lastDispatch().variant()).isEqualTo(1);
    assertThat(h.lastDispatch().agentId()).isEqualTo("large-3");
    assertThat(h.events(Event.RecoveryDecided.class)).as("no recovery round: the variant keeps its branch").isEmpty();
    assertThat(h.store.steps(h.lastDispatch().key().jobId()).getFirst().history())
        .singleElement().satisfies(r -> assertThat(r.variant()).isEqualTo(1));
  }

  @Test
  void theAgentThatFailedAVariantRunsItAgainOnlyWhenNoOtherCan() {
    var h = harness(NEWS, "large-1", "large-2", "small-1");
    h.submit("news", Map.of());

    h.fail(branchOf(h, 1), Failure.of(FailureKind.INVALID_OUTPUT, "empty"));

    // large-1 runs the primary branch: the terse variant goes back to large-2 rather than wait.
    assertThat(h.lastDispatch().variant()).isEqualTo(1);
    assertThat(h.lastDispatch().agentId()).isEqualTo("large-2");
  }

  @Test
  void aRefusedVariantIsGivenUpWhileTheOthersStillDecide() {
    var h = harness(NEWS, "large-1", "large-2", "large-3", "small-1");
    String job = h.submit("news", Map.of());

    h.fail(branchOf(h, 1), Failure.of(FailureKind.REFUSED, "I cannot write that"));
    assertThat(h.dispatches).as("a refused prompt is not sent again").hasSize(3);

    h.succeed(branchOf(h, 0), "A").succeed(branchOf(h, 2), "C");
    assertThat(h.store.job(job).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(h.store.output(job, "headline").orElseThrow().text()).isEqualTo("A\n\n---\n\nC");
  }

  @Test
  void theStepIsDeadLetteredAsSoonAsTooFewVariantsCanSucceed() {
    var h = harness(NEWS, "large-1", "large-2", "small-1");
    String job = h.submit("news", Map.of());
    var primary = branchOf(h, 0);

    h.fail(branchOf(h, 1), Failure.of(FailureKind.REFUSED, "no"));
    assertThat(h.store.job(job).orElseThrow().state()).isEqualTo(JobState.RUNNING);
    h.fail(branchOf(h, 2), Failure.of(FailureKind.PERMANENT, "bad request"));

    var failed = h.store.job(job).orElseThrow();
    assertThat(failed.state()).isEqualTo(JobState.FAILED);
    assertThat(failed.reason()).isEqualTo("step 'headline': fanOut over variants needs 2 of 3 but at most 1 can"
        + " still succeed (primary: running, terse: gave up after REFUSED, small: gave up after PERMANENT;"
        + " 2 of 5 attempts left)");
    assertThat(h.cancels).extracting(Effects.Cancel::key).containsExactly(primary.key());
    h.succeed(primary, "late");
    assertThat(h.events(Event.StaleResultRejected.class)).hasSize(1);
    assertThat(h.events(Event.StepSucceeded.class)).isEmpty();
  }

  @Test
  void everyBranchIsAnAttemptOfTheStepsLimit() {
    var h = harness(news(FanOut.overVariants(3, 2), 4), "large-1", "large-2", "large-3", "small-1");
    String job = h.submit("news", Map.of());

    h.fail(branchOf(h, 1), Failure.of(FailureKind.TRANSIENT, "503"));
    assertThat(h.dispatches).as("the fourth and last attempt retries the terse variant").hasSize(4);
    h.fail(branchOf(h, 1), Failure.of(FailureKind.TRANSIENT, "503"));
    assertThat(h.dispatches).as("no attempt left, yet two branches run for the two needed").hasSize(4);
    assertThat(h.store.job(job).orElseThrow().state()).isEqualTo(JobState.RUNNING);

    h.fail(branchOf(h, 2), Failure.of(FailureKind.TRANSIENT, "503"));

    assertThat(h.store.job(job).orElseThrow().reason()).endsWith(
        "at most 1 can still succeed (primary: running, terse: pending, small: pending; 0 of 4 attempts left)");
    assertThat(h.events(Event.AttemptStarted.class)).hasSize(4);
  }

  @Test
  void rateLimitedBranchesCountAgainstTheJobsBudgetButNotTheStepsAttempts() {
    var h = harness(news(FanOut.overVariants(3, 2), 3), "large-1", "large-2", "large-3", "small-1");
    h.submit("news", Map.of());

    h.fail(branchOf(h, 1), Failure.rateLimited("429", Duration.ofSeconds(30)));

    assertThat(h.dispatches).hasSize(4);
    assertThat(h.lastDispatch().variant()).isEqualTo(1);
    assertThat(h.lastDispatch().agentId()).isEqualTo("large-3");
  }

  @Test
  void theJobsBudgetBoundsTheBranchesAndEndsTheStepWhenSpent() {
    var h = harness(NEWS, "large-1", "large-2", "large-3", "small-1");
    String job = h.submit("news", Map.of(), new Budget(3, 1_000_000, 1_000));
    assertThat(h.dispatches).hasSize(3);

    h.fail(branchOf(h, 1), Failure.of(FailureKind.TRANSIENT, "503"));
    h.fail(branchOf(h, 2), Failure.of(FailureKind.TRANSIENT, "503"));
    assertThat(h.dispatches).as("the budget's three attempts are spent").hasSize(3);
    h.fail(branchOf(h, 0), Failure.of(FailureKind.TRANSIENT, "503"));

    assertThat(h.store.job(job).orElseThrow().state()).isEqualTo(JobState.FAILED);
    assertThat(h.store.job(job).orElseThrow().reason()).startsWith("step 'headline': BUDGET_EXHAUSTED");
  }

  @Test
  void aVariantThatNoAgentCanRunDoesNotHoldUpTheOthers() {
    var h = harness(news(FanOut.overVariants(3, 1), 4), "small-1");
    String job = h.submit("news", Map.of());

    assertThat(h.dispatches).extracting(Effects.Dispatch::variant).containsExactly(2);
    h.succeed(h.lastDispatch(), "small");

    assertThat(h.store.job(job).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(h.events(Event.StepSucceeded.class)).singleElement()
        .satisfies(s -> assertThat(s.variant()).isEqualTo("small"));
  }

  @Test
  void anUntriedVariantTakesTheFreeAgentBeforeAVariantThatFailedOnIt() {
    var h = harness(news(FanOut.overVariants(2, 1), 4), "large-1");
    String job = h.submit("news", Map.of());
    assertThat(h.dispatches).extracting(Effects.Dispatch::variant).as("one large agent, one slot").containsExactly(0);

    h.fail(branchOf(h, 0), Failure.of(FailureKind.TRANSIENT, "503"));
    assertThat(h.dispatches).extracting(Effects.Dispatch::variant).containsExactly(0, 1);

    h.fail(branchOf(h, 1), Failure.of(FailureKind.REFUSED, "no"));
    // The terse variant is given up; the primary goes back to the agent that failed it, the only one.
    assertThat(h.dispatches).extracting(Effects.Dispatch::variant).containsExactly(0, 1, 0);
    h.succeed(h.lastDispatch(), "primary");
    assertThat(h.store.job(job).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
  }

  @Test
  void aRetryResumesOnlyItsOwnVariantsCheckpoint() {
    var h = harness(NEWS, "large-1", "large-2", "large-3", "small-1");
    h.submit("news", Map.of());
    var terse = branchOf(h, 1);
    h.coordinator.handle(new Input.CheckpointOffered(1, terse.key(), CheckpointKind.FULL, new byte[] {1}, 40));
    h.drain();

    h.fail(terse, Failure.of(FailureKind.TIMEOUT, "slow"));
    assertThat(h.lastDispatch().resume()).isTrue();
    assertThat(h.events(Event.AttemptStarted.class)).last()
        .satisfies(s -> assertThat(s.resumedSeq()).isEqualTo(1));

    h.coordinator.handle(new Input.CheckpointOffered(2, branchOf(h, 0).key(), CheckpointKind.FULL, new byte[] {2}, 10));
    h.drain();
    h.fail(branchOf(h, 1), Failure.of(FailureKind.TIMEOUT, "slow"));

    // The step's newest checkpoint is the primary's: the terse variant starts from nothing.
    assertThat(h.lastDispatch().variant()).isEqualTo(1);
    assertThat(h.lastDispatch().resume()).isFalse();
    assertThat(h.events(Event.AttemptStarted.class)).last()
        .satisfies(s -> assertThat(s.resumedSeq()).isEqualTo(-1));
  }

  /** Three branches run, the small one checkpoints, the engine restarts: the harness after. */
  static Harness restartedWhileThreeBranchesRun(Workflow workflow) {
    var h = harness(workflow, "large-1", "large-2", "small-1", "small-2");
    String job = h.submit("news", Map.of());
    var small = branchOf(h, 2);
    h.coordinator.handle(new Input.CheckpointOffered(1, small.key(), CheckpointKind.FULL, new byte[] {1}, 5));
    h.drain();

    var after = harness(workflow, "large-1", "large-2", "small-1", "small-2");
    var record = h.store.job(job).orElseThrow();
    var writes = new ArrayList<Write>();
    writes.add(new Write.PutJob(record));
    h.store.steps(job).forEach(s -> writes.add(new Write.PutStep(s)));
    after.store.commit(writes);
    after.coordinator.restore(new RecoveredJob(record, h.store.steps(job),
        Map.of("headline", List.of(new RecoveredJob.CheckpointMark(1, small.key().attempt(), 5)))));
    return after.drain();
  }

  @Test
  void afterARestartTheBranchesStartAfreshEachOnItsVariant() {
    var after = restartedWhileThreeBranchesRun(news(FanOut.overVariants(3, 2), 6));

    // The latest started branch (the small variant's) is the one the store knew to be running.
    assertThat(after.events(Event.AttemptFailed.class)).singleElement().satisfies(f -> {
      assertThat(f.attempt()).isEqualTo(3);
      assertThat(f.kind()).isEqualTo(FailureKind.AGENT_LOST);
    });
    assertThat(after.dispatches).extracting(Effects.Dispatch::variant).containsExactly(0, 1, 2);
    assertThat(after.dispatches).extracting(d -> d.key().attempt()).containsExactly(4, 5, 6);
    assertThat(after.dispatches).extracting(Effects.Dispatch::resume).containsOnly(false);
    assertThat(branchOf(after, 2).agentId()).as("not the agent of the lost attempt").isEqualTo("small-2");
  }

  @Test
  void branchesLostInARestartStillCountAsAttempts() {
    // Attempts 1 and 2 ran beside the latest one: neither the history nor the store's step knows
    // them, but the attempt number does. Five attempts, three used: two branches are left.
    var after = restartedWhileThreeBranchesRun(NEWS);

    assertThat(after.dispatches).extracting(d -> d.key().attempt()).containsExactly(4, 5);
  }

  @Test
  void aReadyStepWhoseSuccessesARestartLostEndsOnceItsNeedIsOutOfReach() {
    // Before the restart the primary succeeded (its output was in memory) and the terse branch
    // failed: both attempts are used, the primary's output is gone, and nothing may run again.
    var workflow = news(FanOut.overVariants(2, 2), 2);
    var before = new Harness(workflow);
    String job = before.submit("news", Map.of());
    var record = before.store.job(job).orElseThrow();
    var step = new StepRecord(job, "headline", StepState.READY, 2, "large-2", 1, Optional.empty(), "", List.of(
        new AttemptRecord(1, "large-1", 0, Optional.empty()),
        new AttemptRecord(2, "large-2", 1, Optional.of(FailureKind.TRANSIENT))), "");

    var after = harness(workflow, "large-1", "large-2");
    after.store.commit(List.of(new Write.PutJob(record), new Write.PutStep(step)));
    after.coordinator.restore(new RecoveredJob(record, List.of(step), Map.of()));
    after.drain();

    assertThat(after.dispatches).isEmpty();
    assertThat(after.store.job(job).orElseThrow().reason()).isEqualTo("step 'headline': fanOut over variants"
        + " needs 2 of 2 but at most 0 can still succeed (primary: pending, terse: pending; 0 of 2 attempts left)");
  }
}
