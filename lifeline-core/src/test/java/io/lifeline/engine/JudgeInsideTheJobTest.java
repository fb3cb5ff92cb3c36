package io.lifeline.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.tuple;

import io.lifeline.event.Event;
import io.lifeline.model.Agent;
import io.lifeline.model.AgentSpec;
import io.lifeline.model.AttemptContext;
import io.lifeline.model.Deadlines;
import io.lifeline.model.FailureKind;
import io.lifeline.model.Output;
import io.lifeline.model.QualityGate;
import io.lifeline.model.RetryPolicy;
import io.lifeline.model.Usage;
import io.lifeline.model.Workflow;
import io.lifeline.quality.EvaluationException;
import io.lifeline.quality.EvaluationRetry;
import io.lifeline.quality.QualityEvaluator;
import io.lifeline.quality.Review;
import io.lifeline.quality.Score;
import io.lifeline.reliability.CheckpointIntervalAdvisor;
import io.lifeline.store.JobRecord;
import io.lifeline.store.JobState;
import io.lifeline.store.MemoryStore;
import io.lifeline.time.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 4 item 3: LLM judges run inside the job's accounting. A judge's tokens and cost are the
 * job's spend (I4) and show in its history; a judge is asked with a key derived from the reviewed
 * attempt (I3); a judge that is down is asked again before the writer is blamed, and a gate still
 * undecided fails the attempt without counting as the writer's lost work (Young/Daly). Everything
 * runs on a {@link ManualClock}: the writer "works" ten minutes, the gate's backoff advances the
 * clock instead of sleeping, so run times and waits are exact.
 */
@Timeout(20)
class JudgeInsideTheJobTest {

  static final String JOB = "job-1";
  static final Duration WORK = Duration.ofMinutes(10);
  static final Usage WRITER = new Usage(100, 0.10);
  static final Usage JUDGE = new Usage(30, 0.03);
  /** No backoff: a retry on the manual clock must not wait for time that nobody advances. */
  static final RetryPolicy RETRIES = new RetryPolicy(3, Duration.ZERO, Duration.ZERO, 2);

  final ManualClock clock = new ManualClock();
  final MemoryStore store = new MemoryStore();
  final CheckpointIntervalAdvisor advisor = new CheckpointIntervalAdvisor();
  final List<Event> events = new CopyOnWriteArrayList<>();
  final List<Duration> backoffs = new CopyOnWriteArrayList<>();
  final AtomicInteger writes = new AtomicInteger();
  LifelineEngine engine;
  /** The job's budget; null = the engine's default. */
  io.lifeline.store.Budget budget;

  @AfterEach
  void close() {
    if (engine != null) {
      engine.close();
    }
  }

  /** An evaluator answering per call (1, 2, …) with {@code verdict}; it records the reviews it is asked about. */
  static final class ScriptedJudge implements QualityEvaluator {
    final String name;
    final IntFunction<Score> verdict;
    final List<Review> reviews = new CopyOnWriteArrayList<>();

    ScriptedJudge(String name, IntFunction<Score> verdict) {
      this.name = name;
      this.verdict = verdict;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Score evaluate(String prompt, Output output) {
      throw new AssertionError("a gate always says which attempt it reviews");
    }

    @Override
    public Score evaluate(String prompt, Output output, Review review) {
      reviews.add(review);
      return verdict.apply(reviews.size());
    }
  }

  static Score down() {
    throw new EvaluationException("judge", FailureKind.TRANSIENT, "503 Service Unavailable");
  }

  JobRecord run(QualityGate gate, QualityEvaluator... judges) throws Exception {
    var workflow = Workflow.builder("w").step("draft", s -> s.kind("text").retry(RETRIES)
        .deadlines(new Deadlines(Duration.ofHours(1), Duration.ofHours(1))).quality(gate)).build();
    var builder = LifelineEngine.builder(store, EngineConfig.defaults(() -> new SilenceDetector(Duration.ofDays(1))))
        .clock(clock, clock)
        .advisor(advisor)
        .evaluationRetry(EvaluationRetry.DEFAULT, pause -> {
          backoffs.add(pause);
          clock.advance(pause);
        })
        .workflow(workflow)
        .listener(events::add);
    // Two writers: a rejected draft is rewritten by another agent, never re-asked of its writer.
    for (String id : List.of("w1", "w2")) {
      builder.agent(new Agent() {
        final AgentSpec spec = new AgentSpec(id, "text", Map.of(), 0, 1);

        @Override
        public AgentSpec spec() {
          return spec;
        }

        @Override
        public Output run(AttemptContext context) {
          writes.incrementAndGet();
          clock.advance(WORK);
          context.reportUsage(WRITER); // as a streaming writer does, token by token
          return Output.text("draft " + context.attempt()).withUsage(WRITER);
        }
      });
    }
    for (var judge : judges) {
      builder.evaluator(judge);
    }
    engine = builder.build().start();
    var request = JobRequest.of("w", Map.of()).withJobId(JOB);
    engine.submit(budget == null ? request : request.withBudget(budget));
    engine.whenDone(JOB).get(10, TimeUnit.SECONDS);
    return store.job(JOB).orElseThrow();
  }

  <E extends Event> List<E> events(Class<E> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** Every unit the job was charged appears in exactly one event of its history (I4, I7). */
  void assertEveryTokenExplained(JobRecord job) {
    long explained = events(Event.StepSucceeded.class).stream().mapToLong(Event.StepSucceeded::tokens).sum()
        + events(Event.AttemptFailed.class).stream().mapToLong(Event.AttemptFailed::tokens).sum()
        + events(Event.StaleResultRejected.class).stream().mapToLong(Event.StaleResultRejected::tokens).sum()
        + events(Event.QualityScored.class).stream().mapToLong(Event.QualityScored::tokens).sum();
    assertThat(job.tokensUsed()).isEqualTo(explained);
  }

  @Test
  void aJudgesTokensAndCostAreChargedToTheJobAndShownInItsHistory() throws Exception {
    // Rejects the first draft, accepts the second: two writes, two paid verdicts.
    var judge = new ScriptedJudge("judge", call -> new Score(call == 1 ? 0.2 : 0.9, "verdict " + call, JUDGE));
    var job = run(new QualityGate("judge", 0.5), judge);

    assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(writes).hasValue(2);
    assertThat(job.tokensUsed()).isEqualTo(2 * 100 + 2 * 30);
    assertThat(job.costUsed()).isCloseTo(2 * 0.10 + 2 * 0.03, offset(1e-9));
    assertThat(events(Event.QualityScored.class)).extracting(Event.QualityScored::attempt,
            Event.QualityScored::tokens, Event.QualityScored::cost)
        .containsExactly(tuple(1, 30L, 0.03), tuple(2, 30L, 0.03));
    // The writer's own events show the writer's spend; the judges' is in their votes.
    assertThat(events(Event.AttemptFailed.class)).extracting(Event.AttemptFailed::tokens).containsExactly(100L);
    assertThat(events(Event.StepSucceeded.class)).extracting(Event.StepSucceeded::tokens).containsExactly(100L);
    assertThat(store.history(JOB)).anySatisfy(e -> assertThat(e.json())
        .contains("\"type\":\"QualityScored\"").contains("\"tokens\":30,\"cost\":0.03"));
    assertEveryTokenExplained(job);
  }

  /** A paid judge counts like a writer: the vote that takes the job past its budget stops it (I4). */
  @Test
  void aJudgeWhoseVoteTakesTheJobPastItsBudgetStopsIt() throws Exception {
    budget = new io.lifeline.store.Budget(10, 120, 0);
    var judge = new ScriptedJudge("judge", call -> new Score(0.9, "fine", JUDGE));
    var job = run(new QualityGate("judge", 0.5), judge);

    assertThat(job.state()).isEqualTo(JobState.FAILED);
    assertThat(job.reason()).contains("BUDGET_EXHAUSTED: token budget of 120 exceeded (130) when judge judged attempt 1");
    // The stopped writer's own spend is charged when its attempt's late end arrives.
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(store.job(JOB).orElseThrow().tokensUsed()).isEqualTo(100 + 30));
    assertThat(store.output(JOB, "draft")).isEmpty();
  }

  @Test
  void aJudgeIsAskedWithAKeyOfTheAttemptItReviewsNotOfItsOwnProcess() throws Exception {
    var judge = new ScriptedJudge("judge", call -> new Score(call == 1 ? 0.2 : 0.9, "verdict " + call));
    run(new QualityGate("judge", 0.5), judge);

    assertThat(judge.reviews).containsExactly(Review.of(JOB, "draft", 1), Review.of(JOB, "draft", 2));
    assertThat(judge.reviews).extracting(r -> r.idempotencyKey("judge"))
        .containsExactly(JOB + "/draft/1/judge", JOB + "/draft/2/judge");
  }

  @Test
  void aJudgeOutageThatEndsWithinTheRetriesDoesNotRegenerateTheOutput() throws Exception {
    // Down for two rounds, paid for the unreadable second one, back in the third.
    var judge = new ScriptedJudge("judge", call -> switch (call) {
      case 1 -> down();
      case 2 -> throw new EvaluationException("judge", FailureKind.INVALID_OUTPUT, "unreadable verdict", null, JUDGE);
      default -> new Score(0.9, "fine", JUDGE);
    });
    var job = run(new QualityGate("judge", 0.5), judge);

    assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(writes).hasValue(1);
    assertThat(events(Event.AttemptStarted.class)).hasSize(1);
    assertThat(events(Event.AttemptFailed.class)).isEmpty();
    assertThat(backoffs).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    assertThat(judge.reviews).extracting(Review::round).containsExactly(1, 2, 3);
    assertThat(judge.reviews).extracting(r -> r.idempotencyKey("judge"))
        .containsExactly(JOB + "/draft/1/judge", JOB + "/draft/1/judge/round-2", JOB + "/draft/1/judge/round-3");
    assertThat(events(Event.QualityScored.class)).extracting(Event.QualityScored::tokens).containsExactly(0L, 30L, 30L);
    assertThat(job.tokensUsed()).isEqualTo(100 + 30 + 30);
    assertEveryTokenExplained(job);
    // One attempt of ten minutes and 3 s of waiting for the judge, no failure: M = (run time + the 1 h prior) / 1.
    assertThat(advisor.mtbf("text")).isEqualTo(Duration.ofMinutes(70).plusSeconds(3));
  }

  @Test
  void aGateStillUndecidedAfterItsRetriesFailsTheAttemptAsTheEvaluationsFaultNotTheWriters() throws Exception {
    // Both must pass; "flaky" is down for the whole first attempt (three rounds), "steady" always passes.
    var flaky = new ScriptedJudge("flaky", call -> call <= 3 ? down() : new Score(0.9, "fine"));
    var steady = new ScriptedJudge("steady", call -> new Score(0.8, "fine"));
    var job = run(new QualityGate(List.of("flaky", "steady"), 0.5, 2), flaky, steady);

    assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
    var failed = events(Event.AttemptFailed.class);
    assertThat(failed).singleElement().satisfies(f -> {
      assertThat(f.kind()).isEqualTo(FailureKind.TRANSIENT);
      assertThat(f.message()).startsWith("quality gate undecided: ").contains("no quorum after 3 rounds")
          .contains("steady 0.80").contains("flaky abstained");
    });
    // The vote that was cast stands: "steady" is not asked again in rounds 2 and 3.
    assertThat(steady.reviews).containsExactly(Review.of(JOB, "draft", 1), Review.of(JOB, "draft", 2));
    assertThat(flaky.reviews).extracting(Review::attempt, Review::round).containsExactly(
        tuple(1, 1), tuple(1, 2),
        tuple(1, 3), tuple(2, 1));
    // Not the writer's fault: it is retried, not replaced, and Young/Daly counts no failure.
    assertThat(events(Event.RecoveryDecided.class)).singleElement()
        .satisfies(d -> assertThat(d.action() + " " + d.agentId()).isEqualTo("Retry w1"));
    assertThat(writes).hasValue(2);
    assertThat(advisor.mtbf("text")).isEqualTo(Duration.ofMinutes(80).plusSeconds(3));
  }
}
