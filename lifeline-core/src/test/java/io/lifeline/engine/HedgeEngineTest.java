package io.lifeline.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeline.event.Event;
import io.lifeline.model.Agent;
import io.lifeline.model.AttemptContext;
import io.lifeline.model.Deadlines;
import io.lifeline.model.Hedge;
import io.lifeline.model.Output;
import io.lifeline.model.Usage;
import io.lifeline.model.Workflow;
import io.lifeline.store.JobState;
import io.lifeline.store.MemoryStore;
import io.lifeline.store.Write;
import io.lifeline.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hedging through the real engine on a {@link ManualClock}: a fresh engine hedges a p95 step
 * before it has measured anything, a restarted one at the p95 the store kept, and the race's loser
 * is cancelled, its late result fenced off, and what it spent charged to the job exactly once.
 *
 * <p>The first attempt "works" by advancing the clock and then heartbeats, which wakes the engine
 * at exactly that reading; no test waits on real time except for the engine's threads to finish.
 */
@Timeout(20)
class HedgeEngineTest {

  /** No-progress as long as the total, so that only the hedge acts before the deadline. */
  static final Deadlines DEADLINES = new Deadlines(Duration.ofSeconds(60), Duration.ofSeconds(60));
  static final Usage WINNER_USAGE = new Usage(30, 0.25);
  static final Usage LOSER_USAGE = new Usage(50, 0.5);

  final ManualClock clock = new ManualClock();
  final MemoryStore store = new MemoryStore();
  final List<Event> events = new CopyOnWriteArrayList<>();
  final CompletableFuture<Event.StaleResultRejected> stale = new CompletableFuture<>();
  final AtomicBoolean loserSawCancellation = new AtomicBoolean();
  LifelineEngine engine;

  @AfterEach
  void close() {
    if (engine != null) {
      engine.close();
    }
  }

  /**
   * Attempt 1 runs {@code slowFor} on the clock, then waits until it is cancelled and delivers
   * anyway (a provider call that cannot be taken back); attempt 2, the hedge, answers at once.
   */
  void start(Hedge hedge, Duration slowFor) {
    var workflow = Workflow.builder("w").step("draft", s -> s.kind("text").deadlines(DEADLINES).hedge(hedge)).build();
    var builder = LifelineEngine.builder(store, EngineConfig.defaults(() -> new SilenceDetector(Duration.ofHours(1))))
        .clock(clock, clock)
        .workflow(workflow)
        .listener(events::add)
        .listener(e -> {
          if (e instanceof Event.StaleResultRejected rejected) {
            stale.complete(rejected);
          }
        });
    for (String id : List.of("writer-a", "writer-b")) {
      builder.agent(agent(id, ctx -> ctx.attempt() == 1 ? slow(ctx, slowFor) : Output.text("fast").withUsage(WINNER_USAGE)));
    }
    engine = builder.build().start();
  }

  Output slow(AttemptContext ctx, Duration slowFor) {
    clock.advance(slowFor);
    ctx.heartbeat(); // the engine looks at the clock now: the hedge is due
    try {
      new CountDownLatch(1).await();
    } catch (InterruptedException e) {
      loserSawCancellation.set(ctx.isCancelled());
    }
    return Output.text("slow and late").withUsage(LOSER_USAGE);
  }

  <E extends Event> List<E> events(Class<E> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  @Test
  void aFreshEngineHedgesAP95StepAtItsColdStartDelayAndFencesOffTheLoser() throws Exception {
    start(Hedge.atP95(), Duration.ofSeconds(30)); // half the total deadline: nothing was measured yet
    var startedAt = clock.instant();
    String job = engine.submit(JobRequest.of("w", Map.of()).withJobId("job-1"));

    assertThat(engine.whenDone(job).get(10, TimeUnit.SECONDS)).isEqualTo(JobState.SUCCEEDED);
    var rejected = stale.get(10, TimeUnit.SECONDS);

    var started = events(Event.AttemptStarted.class);
    assertThat(started).extracting(Event.AttemptStarted::variant).containsExactly("primary", "primary (hedge)");
    assertThat(started.get(1).at()).isEqualTo(startedAt.plusSeconds(30));
    assertThat(started.get(1).agentId()).isNotEqualTo(started.get(0).agentId());
    // One result: the hedge's. The first attempt was cancelled and its late result fenced off.
    assertThat(events(Event.StepSucceeded.class)).singleElement().satisfies(s -> {
      assertThat(s.attempt()).isEqualTo(2);
      assertThat(s.agentId()).isEqualTo(started.get(1).agentId());
      assertThat(s.tokens()).isEqualTo(30);
    });
    assertThat(store.output(job, "draft").orElseThrow().text()).isEqualTo("fast");
    assertThat(loserSawCancellation).isTrue();
    assertThat(rejected.staleAttempt()).isEqualTo(1);
    assertThat(rejected.what()).isEqualTo("result");
    assertThat(rejected.tokens()).isEqualTo(50);
    assertThat(rejected.cost()).isEqualTo(0.5);
    assertThat(events(Event.AttemptFailed.class)).isEmpty();
    assertThat(events(Event.RecoveryDecided.class)).isEmpty();
    // Both attempts are charged, each once: 30 + 50 tokens, 0.25 + 0.5 cost units, 2 attempts.
    var record = store.job(job).orElseThrow();
    assertThat(record.attemptsUsed()).isEqualTo(2);
    assertThat(record.tokensUsed()).isEqualTo(80);
    assertThat(record.costUsed()).isEqualTo(0.75);
    assertThat(store.history(job)).extracting(e -> e.type())
        .containsOnlyOnce("StepSucceeded", "StaleResultRejected", "JobSucceeded");
    assertThat(store.steps(job)).singleElement().satisfies(step -> assertThat(step.attempt()).isEqualTo(2));
    // Losing the race is no fault: the checkpoint interval's failure rate saw 30 s of work, no failure.
    assertThat(engine.advisor().mtbf("text")).isEqualTo(Duration.ofHours(1).plusSeconds(30));
  }

  @Test
  void aRestartedEngineHedgesAtTheP95ThatTheStoreKept() throws Exception {
    var earlier = new ArrayList<Write>();
    for (int i = 1; i <= LatencyWindow.MIN_SAMPLES; i++) {
      earlier.add(new Write.RecordLatency("text", Duration.ofMillis(100L * i), LatencyWindow.SIZE));
    }
    store.commit(earlier); // as an earlier process left them: 100 ms … 2 s, p95 = 1.9 s
    start(Hedge.atP95(), Duration.ofMillis(1_900));
    var startedAt = clock.instant();
    String job = engine.submit(JobRequest.of("w", Map.of()).withJobId("job-1"));

    assertThat(engine.whenDone(job).get(10, TimeUnit.SECONDS)).isEqualTo(JobState.SUCCEEDED);
    stale.get(10, TimeUnit.SECONDS);
    var started = events(Event.AttemptStarted.class);
    assertThat(started).extracting(Event.AttemptStarted::variant).containsExactly("primary", "primary (hedge)");
    assertThat(started.get(1).at()).isEqualTo(startedAt.plusMillis(1_900));
    assertThat(store.job(job).orElseThrow().tokensUsed()).isEqualTo(80);
    // The winner's latency joined the kept ones (it ran no time on the clock).
    assertThat(store.latencies().get("text")).hasSize(LatencyWindow.MIN_SAMPLES + 1).endsWith(Duration.ZERO);
  }

  static Agent agent(String id, ScriptedAgent.Body body) {
    return new ScriptedAgent(id, /* slots= */ 1, body);
  }
}
