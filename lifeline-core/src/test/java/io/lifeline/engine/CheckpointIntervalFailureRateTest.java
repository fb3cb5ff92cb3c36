package io.lifeline.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeline.event.Event;
import io.lifeline.model.Agent;
import io.lifeline.model.AgentFailureException;
import io.lifeline.model.AgentSpec;
import io.lifeline.model.AttemptContext;
import io.lifeline.model.Deadlines;
import io.lifeline.model.Failure;
import io.lifeline.model.FailureKind;
import io.lifeline.model.Hedge;
import io.lifeline.model.Output;
import io.lifeline.model.QualityGate;
import io.lifeline.model.RetryPolicy;
import io.lifeline.model.StepSpec;
import io.lifeline.model.Usage;
import io.lifeline.model.Workflow;
import io.lifeline.quality.QualityEvaluator;
import io.lifeline.quality.SafetyVerdict;
import io.lifeline.quality.Score;
import io.lifeline.reliability.CheckpointIntervalAdvisor;
import io.lifeline.reliability.CheckpointIntervals;
import io.lifeline.store.JobState;
import io.lifeline.store.MemoryStore;
import io.lifeline.time.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Young/Daly's failure rate, measured through the engine: only faults that lose work in progress
 * (timeouts, lost agents, transient errors, out of memory) count as failures of an agent kind and
 * shorten its checkpoint interval. A 429 comes before any work and a rejected output after all of
 * it, so neither does; they only add run time. Every attempt "works" ten minutes on a
 * {@link ManualClock}, so the measured run times, and with them the intervals, are exact.
 */
@Timeout(20)
class CheckpointIntervalFailureRateTest {

  static final Duration WORK = Duration.ofMinutes(10);
  static final Deadlines DEADLINES = new Deadlines(Duration.ofMinutes(30), Duration.ofMinutes(30));
  /** No backoff: a retry on the manual clock must not wait for time that nobody advances. */
  static final RetryPolicy RETRIES = new RetryPolicy(6, Duration.ZERO, Duration.ZERO, 2);
  /** The advisor's priors: MTBF 1 h and checkpoint cost 20 ms give Daly's 11.986 s. */
  static final Duration PRIOR_INTERVAL = CheckpointIntervals.daly(Duration.ofMillis(20), Duration.ofHours(1));

  final ManualClock clock = new ManualClock();
  final MemoryStore store = new MemoryStore();
  final CheckpointIntervalAdvisor advisor = new CheckpointIntervalAdvisor();
  final List<Event> events = new CopyOnWriteArrayList<>();
  final CompletableFuture<Event.StaleResultRejected> stale = new CompletableFuture<>();
  LifelineEngine engine;

  @AfterEach
  void close() {
    if (engine != null) {
      engine.close();
    }
  }

  /** What an attempt does, by attempt number. */
  interface Script {
    Output attempt(int attempt, AttemptContext context);
  }

  String run(Script script) throws Exception {
    return run(step -> { }, script);
  }

  /** Two agents on two providers, so that every recovery has somewhere to go. */
  String run(Consumer<StepSpec.Builder> more, Script script) throws Exception {
    var workflow = Workflow.builder("w").step("draft", s -> {
      s.kind("text").deadlines(DEADLINES).retry(RETRIES).quality(new QualityGate(List.of("judge"), 0.5, 1));
      more.accept(s);
      return s;
    }).build();
    var builder = LifelineEngine.builder(store, EngineConfig.defaults(() -> new SilenceDetector(Duration.ofDays(1))))
        .clock(clock, clock)
        .advisor(advisor)
        .workflow(workflow)
        .evaluator(new Judge())
        .safetyFilter((prompt, output) -> output.text().startsWith("I can't")
            ? SafetyVerdict.refused("refusal: I can't") : SafetyVerdict.SAFE)
        .listener(events::add)
        .listener(e -> {
          if (e instanceof Event.StaleResultRejected rejected) {
            stale.complete(rejected);
          }
        });
    for (String provider : List.of("a", "b")) {
      var spec = new AgentSpec("writer-" + provider, "text", Map.of("provider", provider), 0, 1);
      builder.agent(new Agent() {
        @Override
        public AgentSpec spec() {
          return spec;
        }

        @Override
        public Output run(AttemptContext context) {
          return script.attempt(context.attempt(), context);
        }
      });
    }
    engine = builder.build().start();
    assertThat(advisor.suggest("text")).isEqualTo(PRIOR_INTERVAL);
    assertThat(PRIOR_INTERVAL.toMillis()).isEqualTo(11_986);
    String job = engine.submit(JobRequest.of("w", Map.of()).withJobId("job-1"));
    assertThat(engine.whenDone(job).get(10, TimeUnit.SECONDS)).isEqualTo(JobState.SUCCEEDED);
    return job;
  }

  List<FailureKind> failureKinds() {
    return events.stream().filter(e -> e instanceof Event.AttemptFailed).map(e -> ((Event.AttemptFailed) e).kind())
        .toList();
  }

  @Test
  void rateLimitsAndRejectedOutputsDoNotShortenTheCheckpointInterval() throws Exception {
    run((attempt, context) -> {
      clock.advance(WORK);
      return switch (attempt) {
        case 1 -> Output.text("I can't help with that.");
        case 2 -> Output.text(" ");
        case 3 -> Output.text("poor");
        case 4 -> throw new AgentFailureException(Failure.rateLimited("429 Too Many Requests", Duration.ofSeconds(1)));
        default -> Output.text("a fine article");
      };
    });

    assertThat(failureKinds()).containsExactly(FailureKind.REFUSED, FailureKind.INVALID_OUTPUT,
        FailureKind.LOW_QUALITY, FailureKind.RATE_LIMITED);
    // 50 minutes of run time and no failure: M = (50 min + the 1 h prior) / 1.
    assertThat(advisor.mtbf("text")).isEqualTo(Duration.ofMinutes(110));
    assertThat(advisor.suggest("text")).isEqualTo(CheckpointIntervals.daly(Duration.ofMillis(20), Duration.ofMinutes(110)))
        .isGreaterThan(PRIOR_INTERVAL);
    assertThat(advisor.suggest("text").toMillis()).isEqualTo(16_234);
  }

  @Test
  void timeoutsTransientErrorsAndOutOfMemoryShortenIt() throws Exception {
    run((attempt, context) -> {
      if (attempt == 4) {
        // The timed-out attempt 3 is measured when its thread ends (its stale end is published
        // after that): until then, moving the shared clock would lengthen its measured run.
        stale.orTimeout(10, TimeUnit.SECONDS).join();
      }
      clock.advance(WORK);
      return switch (attempt) {
        case 1 -> throw new AgentFailureException(FailureKind.RESOURCE_EXHAUSTED, "CUDA out of memory");
        case 2 -> throw new AgentFailureException(FailureKind.TRANSIENT, "503 Service Unavailable");
        case 3 -> workUntilCancelled(context, DEADLINES.total().minus(WORK)); // times out
        default -> Output.text("a fine article");
      };
    });
    stale.get(10, TimeUnit.SECONDS); // the timed-out attempt has ended and been measured

    assertThat(failureKinds()).containsExactly(FailureKind.RESOURCE_EXHAUSTED, FailureKind.TRANSIENT,
        FailureKind.TIMEOUT);
    // 10 + 10 + 30 (until the deadline) + 10 minutes, 3 failures: M = (60 min + 1 h) / 4.
    assertThat(advisor.mtbf("text")).isEqualTo(Duration.ofMinutes(30));
    assertThat(advisor.suggest("text")).isEqualTo(CheckpointIntervals.daly(Duration.ofMillis(20), Duration.ofMinutes(30)))
        .isLessThan(PRIOR_INTERVAL);
    assertThat(advisor.suggest("text").toMillis()).isEqualTo(8_471);
  }

  @Test
  void aHedgeRaceLostIsNoFailureThoughTheLoserWasCancelled() throws Exception {
    run(step -> step.hedge(Hedge.after(WORK)), (attempt, context) -> switch (attempt) {
      case 1 -> workUntilCancelled(context, WORK); // the hedge starts, wins, and this one is cancelled
      default -> Output.text("a fine article");
    });
    stale.get(10, TimeUnit.SECONDS);

    assertThat(events.stream().filter(e -> e instanceof Event.AttemptStarted).count()).isEqualTo(2);
    assertThat(failureKinds()).isEmpty();
    assertThat(advisor.mtbf("text")).isEqualTo(Duration.ofMinutes(70)); // 10 minutes of work, no failure
  }

  /**
   * Streams a few tokens for {@code work} and delivers nothing; the engine looks at the clock then
   * and cancels the attempt (a deadline, or a hedge that won). It reports what it spent as it fails,
   * and that stale report tells the test that its thread has ended and was measured.
   */
  private Output workUntilCancelled(AttemptContext context, Duration work) {
    context.reportUsage(new Usage(12, 0));
    clock.advance(work);
    context.heartbeat(); // wakes the engine at this reading
    try {
      new CountDownLatch(1).await();
      throw new AssertionError("never cancelled");
    } catch (InterruptedException e) {
      throw new AgentFailureException(FailureKind.TRANSIENT, "stream closed after 12 tokens");
    }
  }

  /** Passes everything but "poor". */
  static final class Judge implements QualityEvaluator {
    @Override
    public String name() {
      return "judge";
    }

    @Override
    public Score evaluate(String prompt, Output output) {
      return output.text().equals("poor") ? new Score(0.1, "poor") : new Score(0.9, "fine");
    }
  }
}
