package io.lifeline.agents.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeline.agents.FakeAttemptContext;
import io.lifeline.agents.ManualSleeper;
import io.lifeline.time.Sleeper;
import io.lifeline.agents.evaluate.HeuristicEvaluator;
import io.lifeline.agents.image.OfflineImageAgent;
import io.lifeline.agents.text.OfflineTextAgent;
import io.lifeline.model.Agent;
import io.lifeline.model.AgentFailureException;
import io.lifeline.model.AgentSpec;
import io.lifeline.model.FailureClassifier;
import io.lifeline.model.FailureKind;
import io.lifeline.model.Output;
import io.lifeline.time.ManualClock;
import io.lifeline.time.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ChaosAgentTest {

  static final String PROMPT = "Lighthouses, their keepers and coastal shipping";

  private final ManualClock clock = new ManualClock();
  private final ManualSleeper sleeper = new ManualSleeper(clock);
  private final ChaosLog log = new ChaosLog();
  private final OfflineTextAgent writer =
      new OfflineTextAgent(AgentSpec.of("writer-1", "text"), 7, Duration.ZERO, Sleeper.system());

  ChaosAgent chaos(Agent delegate, ChaosProfile profile) {
    return new ChaosAgent(delegate, profile, log, clock, sleeper);
  }

  ChaosAgent always(Fault fault) {
    return chaos(writer, ChaosProfile.none().with(fault, 1.0).withDowntime(Duration.ofSeconds(60)));
  }

  FakeAttemptContext attempt(String jobId) {
    return new FakeAttemptContext(clock).ids(jobId, "draft", 1).prompt(PROMPT);
  }

  /** A job id whose planned fault strikes after exactly {@code heartbeats} heartbeats. */
  static String jobTrippingAfter(ChaosProfile profile, int heartbeats) {
    for (int i = 0; ; i++) {
      var plan = profile.plan(1, "job-" + i, "draft", 1).orElseThrow();
      if (plan.tripAfter() == heartbeats) {
        return "job-" + i;
      }
    }
  }

  @Test
  void noneProfilePassesTheDelegateThrough() throws Exception {
    var output = chaos(writer, ChaosProfile.none()).run(attempt("job-1"));

    assertThat(output.text()).isEqualTo(writer.run(attempt("job-1")).text());
    assertThat(log.injections()).isEmpty();
  }

  @Test
  void sameSeedInjectsTheSameFaultsRunAfterRun() {
    assertThat(injectedOverFiftyJobs(new ChaosLog())).isEqualTo(injectedOverFiftyJobs(new ChaosLog()))
        .isNotEmpty();
  }

  private List<String> injectedOverFiftyJobs(ChaosLog runLog) {
    var profile = ChaosProfile.parse("seed=3,crash=0.1,hang=0.1,slow=0.1,transient=0.1,rate_limited=0.1,oom=0.1,empty=0.1,low_quality=0.1,downtime=2s,slowness=20s");
    var runClock = new ManualClock();
    var agent = new ChaosAgent(writer, profile, runLog, runClock, new ManualSleeper(runClock));
    for (int job = 0; job < 50; job++) {
      try {
        agent.run(new FakeAttemptContext(runClock).ids("job-" + job, "draft", 1).prompt(PROMPT)
            .cancelAfter(Duration.ofSeconds(10)));
      } catch (Throwable expected) {
        // every failure mode is the point here; only the log matters
      }
    }
    var injected = new ArrayList<String>();
    runLog.injections().forEach(i -> injected.add(i.fault() + " " + i.jobId() + " after " + i.afterHeartbeats()));
    return injected;
  }

  @Test
  void crashTakesTheAgentDownBlocksTheAttemptUntilCancelledAndRecoversAfterDowntime() {
    var agent = always(Fault.CRASH);
    var seenAlive = new ArrayList<Boolean>();
    var context = attempt("job-1").cancelAfter(Duration.ofSeconds(10)).onCancelCheck(() -> seenAlive.add(agent.isAlive()));

    assertThatThrownBy(() -> agent.run(context)).isInstanceOf(CancellationException.class);

    var injection = log.injections().getFirst();
    assertThat(injection.fault()).isEqualTo(Fault.CRASH);
    assertThat(context.heartbeats()).isEqualTo(injection.afterHeartbeats());
    var sinceCrash = seenAlive.subList(seenAlive.indexOf(false), seenAlive.size());
    assertThat(sinceCrash).hasSizeGreaterThan(100).containsOnly(false); // blocked, polling, dead
    assertThat(agent.isAlive()).isFalse();
    clock.advance(Duration.ofSeconds(49));
    assertThat(agent.isAlive()).isFalse();
    clock.advance(Duration.ofSeconds(1));
    assertThat(agent.isAlive()).isTrue();
  }

  @Test
  void aCrashedAgentTakesNoNewWorkUntilItIsBack() throws Exception {
    var profile = ChaosProfile.none().forcing(1, Fault.CRASH).withDowntime(Duration.ofSeconds(60));
    var agent = chaos(writer, profile);
    assertThatThrownBy(() -> agent.run(attempt("job-1").cancelAfter(Duration.ofSeconds(1))))
        .isInstanceOf(CancellationException.class);

    var whileDown = attempt("job-2").cancelAfter(Duration.ofSeconds(5));
    assertThatThrownBy(() -> agent.run(whileDown)).isInstanceOf(CancellationException.class);
    assertThat(whileDown.heartbeats()).isZero();

    clock.advance(Duration.ofMinutes(1));
    assertThat(agent.run(attempt("job-3")).text()).isNotBlank();
    assertThat(log.injections()).hasSize(1);
  }

  @Test
  void aCrashStopsTheAgentsOtherAttemptsAtTheirNextHeartbeat() {
    var profile = ChaosProfile.none().forcing(2, Fault.CRASH).withTripWindow(0).withDowntime(Duration.ofSeconds(60));
    var crashing = attempt("job-A").cancelAfter(Duration.ofSeconds(1));
    var agent = new ChaosAgent[1];
    // Attempt B heartbeats, attempt A crashes the agent (run 2, on B's thread for determinism), B heartbeats again.
    Agent twoBeats = new Agent() {
      @Override
      public AgentSpec spec() {
        return AgentSpec.of("stub-1", "text");
      }

      @Override
      public Output run(io.lifeline.model.AttemptContext context) throws Exception {
        context.heartbeat();
        assertThatThrownBy(() -> agent[0].run(crashing)).isInstanceOf(CancellationException.class);
        context.heartbeat();
        return Output.text("never returned");
      }
    };
    agent[0] = chaos(twoBeats, profile);
    var sibling = attempt("job-B").cancelAfter(Duration.ofSeconds(10));

    assertThatThrownBy(() -> agent[0].run(sibling)).isInstanceOf(CancellationException.class);

    assertThat(sibling.heartbeats()).isEqualTo(1);
    assertThat(log.injections()).extracting(Injection::jobId).containsExactly("job-A");
  }

  @Test
  void crashedAttemptStopsWhenInterrupted() throws Exception {
    var realLog = new ChaosLog();
    var agent = new ChaosAgent(writer, ChaosProfile.none().with(Fault.CRASH, 1.0), realLog,
        Ticker.system(), Sleeper.system());
    var outcome = new CompletableFuture<Object>();
    var thread = Thread.ofVirtual().start(() -> {
      try {
        outcome.complete(agent.run(new FakeAttemptContext().ids("job-1", "draft", 1).prompt(PROMPT)));
      } catch (Throwable e) {
        outcome.complete(e);
      }
    });
    while (realLog.injections().isEmpty() && !outcome.isDone()) {
      Thread.onSpinWait();
    }
    assertThat(outcome).isNotDone();
    assertThat(agent.isAlive()).isFalse();

    thread.interrupt();

    assertThat(outcome.get(10, TimeUnit.SECONDS))
        .isInstanceOfAny(InterruptedException.class, CancellationException.class);
  }

  @Test
  void hangBlocksSilentlyUntilCancelledWhileTheAgentStaysAlive() {
    var agent = always(Fault.HANG);
    var context = attempt("job-1").cancelAfter(Duration.ofMinutes(2));

    assertThatThrownBy(() -> agent.run(context)).isInstanceOf(CancellationException.class);

    var injection = log.injections().getFirst();
    assertThat(injection.fault()).isEqualTo(Fault.HANG);
    assertThat(context.heartbeats()).isEqualTo(injection.afterHeartbeats());
    assertThat(sleeper.slept()).isGreaterThanOrEqualTo(Duration.ofMinutes(2));
    assertThat(agent.isAlive()).isTrue();
  }

  @Test
  void slowAttemptKeepsHeartbeatingAndTakesTheProfilesSlowness() throws Exception {
    var agent = chaos(writer, ChaosProfile.none().with(Fault.SLOW, 1.0).withSlowness(Duration.ofSeconds(30)));
    long start = clock.read();
    var context = attempt("job-1");

    var output = agent.run(context);

    assertThat(Duration.ofNanos(clock.read() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(30));
    assertThat(context.heartbeats()).isGreaterThanOrEqualTo(30_000 / 250);
    assertThat(output.text()).isEqualTo(writer.run(attempt("job-1")).text());
    assertThat(log.injections()).extracting(Injection::fault).containsExactly(Fault.SLOW);
  }

  @Test
  void slowAttemptIsCutOffByItsDeadline() {
    var agent = chaos(writer, ChaosProfile.none().with(Fault.SLOW, 1.0).withSlowness(Duration.ofSeconds(30)));

    assertThatThrownBy(() -> agent.run(attempt("job-1").cancelAfter(Duration.ofSeconds(10))))
        .isInstanceOf(CancellationException.class);
  }

  @Test
  void transientStrikesMidStreamAfterACheckpointAndTheNextAttemptResumes() throws Exception {
    var profile = ChaosProfile.none().with(Fault.TRANSIENT, 1.0);
    String job = jobTrippingAfter(profile, 6);
    var context = attempt(job);

    assertThatThrownBy(() -> chaos(writer, profile).run(context))
        .isInstanceOfSatisfying(AgentFailureException.class,
            e -> assertThat(e.failure().kind()).isEqualTo(FailureKind.TRANSIENT))
        .hasMessageContaining("503 Service Unavailable");
    assertThat(context.heartbeats()).isEqualTo(6);
    var restored = context.restored().orElseThrow();
    assertThat(restored.progress()).isEqualTo(4);

    var resumed = writer.run(attempt(job).ids(job, "draft", 2).resumeFrom(restored));
    assertThat(resumed.text()).isEqualTo(writer.run(attempt(job)).text());
    assertThat(resumed.metadata()).containsEntry("resumedFromChunk", "4");
  }

  @Test
  void rateLimitedFailsBeforeAnyWorkWithRetryAfter() {
    var agent = chaos(writer, ChaosProfile.none().with(Fault.RATE_LIMITED, 1.0).withRetryAfter(Duration.ofSeconds(7)));
    var context = attempt("job-1");

    assertThatThrownBy(() -> agent.run(context)).isInstanceOfSatisfying(AgentFailureException.class, e -> {
      assertThat(e.failure().kind()).isEqualTo(FailureKind.RATE_LIMITED);
      assertThat(e.failure().message()).startsWith("429 Too Many Requests");
      assertThat(e.failure().retryAfter()).contains(Duration.ofSeconds(7));
    });
    assertThat(context.heartbeats()).isZero();
  }

  @Test
  void oomThrowsARealOutOfMemoryErrorClassifiedAsResourceExhausted() {
    var agent = always(Fault.OOM);

    assertThatThrownBy(() -> agent.run(attempt("job-1")))
        .isInstanceOf(OutOfMemoryError.class)
        .hasMessageStartingWith("simulated: ")
        .satisfies(e -> assertThat(FailureClassifier.classify(e).kind()).isEqualTo(FailureKind.RESOURCE_EXHAUSTED));
  }

  @Test
  void emptyReturnsBlankOutputOfTheSameMediaType() throws Exception {
    var output = always(Fault.EMPTY).run(attempt("job-1"));

    assertThat(output.isBlank()).isTrue();
    assertThat(output.mediaType()).isEqualTo("text/markdown");
    assertThat(log.injections()).extracting(Injection::fault).containsExactly(Fault.EMPTY);
  }

  @Test
  void lowQualityTextScoresLowOnTheHeuristicEvaluator() throws Exception {
    var evaluator = new HeuristicEvaluator(100, 2000);

    var output = always(Fault.LOW_QUALITY).run(attempt("job-1"));

    var score = evaluator.evaluate(PROMPT, output);
    assertThat(score.value()).isLessThan(0.2);
    assertThat(score.reason()).startsWith("repetition");
    assertThat(evaluator.evaluate(PROMPT, writer.run(attempt("job-1"))).value()).isGreaterThan(0.9);
  }

  @Test
  void lowQualityLeavesPicturesAloneAndLogsNothing() throws Exception {
    var painter = new OfflineImageAgent(AgentSpec.of("painter-1", "image"), 1, Duration.ZERO, Sleeper.system());
    var context = attempt("job-1").ids("job-1", "illustrate", 1);

    Output output = chaos(painter, ChaosProfile.none().with(Fault.LOW_QUALITY, 1.0)).run(context);

    assertThat(output.content()).isEqualTo(painter.run(attempt("job-1").ids("job-1", "illustrate", 1)).content());
    assertThat(log.injections()).isEmpty();
  }

  @Test
  void driftKeepsTheFirstHalfOfTheParagraphsAndSlidesIntoCopyTheHeuristicPasses() throws Exception {
    String original = writer.run(attempt("job-1")).text();
    String[] paragraphs = original.split("\n\n");
    String kept = String.join("\n\n", java.util.Arrays.copyOf(paragraphs, (paragraphs.length + 1) / 2)) + "\n\n";

    String drifted = always(Fault.DRIFT).run(attempt("job-1")).text();

    assertThat(paragraphs.length).isGreaterThanOrEqualTo(3);
    assertThat(drifted).isEqualTo(kept + DriftText.COPY);
    assertThat(new HeuristicEvaluator(100, 2000).evaluate(PROMPT, Output.text(drifted)).value()).isGreaterThan(0.9);
    assertThat(log.injections()).extracting(Injection::fault).containsExactly(Fault.DRIFT);
  }

  @Test
  void aForcedDriftThatFindsOneParagraphMovesOnToTheNextRun() throws Exception {
    var agent = chaos(writer, ChaosProfile.none().forcing(1, Fault.DRIFT));
    var outline = attempt("job-1").ids("job-1", "outline", 1).param("mode", "outline");

    Output first = agent.run(outline);
    Output second = agent.run(attempt("job-2"));
    Output third = agent.run(attempt("job-3"));

    assertThat(first.text()).isEqualTo(writer.run(attempt("job-1").ids("job-1", "outline", 1).param("mode", "outline")).text());
    assertThat(second.text()).endsWith(DriftText.COPY);
    assertThat(third.text()).isEqualTo(writer.run(attempt("job-3")).text());
    assertThat(log.injections()).singleElement().satisfies(injection -> {
      assertThat(injection.fault()).isEqualTo(Fault.DRIFT);
      assertThat(injection.jobId()).isEqualTo("job-2");
    });
  }

  @Test
  void stallDeliversTheFinishedOutputLateWhateverTheCancellation() throws Exception {
    var profile = ChaosProfile.none().with(Fault.STALL, 1.0).withLateBy(Duration.ofSeconds(4));
    var context = attempt("job-1").cancelAfter(Duration.ofSeconds(1));
    long before = clock.read();

    Output output = chaos(writer, profile).run(context);

    assertThat(output.text()).isEqualTo(writer.run(attempt("job-1")).text());
    assertThat(clock.read() - before).isGreaterThanOrEqualTo(Duration.ofSeconds(4).toNanos());
    assertThat(context.isCancelled()).isTrue();
    assertThat(log.injections()).extracting(Injection::fault).containsExactly(Fault.STALL);
  }

  @Test
  void forcedRunGetsItsFaultWhateverTheDraw() throws Exception {
    var agent = chaos(writer, ChaosProfile.none().forcing(2, Fault.TRANSIENT).withTripWindow(0));

    agent.run(attempt("job-1"));
    assertThatThrownBy(() -> agent.run(attempt("job-2"))).isInstanceOf(AgentFailureException.class);
    agent.run(attempt("job-3"));

    assertThat(log.injections()).singleElement().satisfies(injection -> {
      assertThat(injection.jobId()).isEqualTo("job-2");
      assertThat(injection.agentId()).isEqualTo("writer-1");
      assertThat(injection.afterHeartbeats()).isZero();
    });
  }

  @Test
  void logsWhenAndWhereEachFaultStruck() {
    long before = clock.read();
    assertThatThrownBy(() -> always(Fault.TRANSIENT).run(attempt("job-4").ids("job-4", "draft", 3)))
        .isInstanceOf(AgentFailureException.class);

    var injection = log.injections().getFirst();
    assertThat(injection.stepId()).isEqualTo("draft");
    assertThat(injection.attempt()).isEqualTo(3);
    assertThat(injection.atNanos() - before).isGreaterThanOrEqualTo(0);
    assertThat(log.countsByFault()).containsEntry(Fault.TRANSIENT, 1L).containsEntry(Fault.CRASH, 0L);
  }
}
