package io.lifeline.agents.provider;

import static io.lifeline.agents.provider.FakeProvider.numbered;
import static org.assertj.core.api.Assertions.assertThat;

import io.lifeline.agents.provider.health.ProviderHealth;
import io.lifeline.checkpoint.Checkpoint;
import io.lifeline.checkpoint.CheckpointKind;
import io.lifeline.checkpoint.RestoredState;
import io.lifeline.config.AgentsFile;
import io.lifeline.config.WorkflowFiles;
import io.lifeline.detect.FixedTimeoutConfig;
import io.lifeline.engine.EngineConfig;
import io.lifeline.engine.JobRequest;
import io.lifeline.engine.LifelineEngine;
import io.lifeline.model.Agent;
import io.lifeline.model.AgentSpec;
import io.lifeline.model.AttemptContext;
import io.lifeline.model.Output;
import io.lifeline.model.Usage;
import io.lifeline.reliability.CheckpointIntervalAdvisor;
import io.lifeline.reliability.CheckpointIntervals;
import io.lifeline.store.JobRecord;
import io.lifeline.store.JobState;
import io.lifeline.store.MemoryStore;
import io.lifeline.store.Store;
import io.lifeline.store.StepRecord;
import io.lifeline.store.StoredEvent;
import io.lifeline.store.Write;
import io.lifeline.time.ManualClock;
import io.lifeline.time.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The checkpoint cadence of a streaming chat agent is the engine's Young/Daly interval: the interval
 * the engine's advisor suggests reaches the attempt's context, and the agent checkpoints at the
 * first token after each interval — not after a fixed number of tokens, which on a fast stream
 * would always come first.
 *
 * <p>Deterministic on two manual clocks. The engine's clock moves only while the store commits a
 * checkpoint, by exactly the advisor's prior checkpoint cost, so the measured cost equals the prior
 * and the suggestion stays put for the whole stream. The attempt's own clock (its context's
 * ticker) moves 10 ms with every token the agent reports: a stream of 100 tokens/s from a fake
 * OpenAI-compatible server on loopback, however fast the bytes really arrive.
 */
@Timeout(30)
class StreamingCheckpointCadenceTest {

  static final Duration PER_TOKEN = Duration.ofMillis(10);
  static final int TOKENS = 2_500;
  static final String JOB = "job-1";

  final FakeProvider openai = FakeProvider.openAi();
  final ManualClock engineClock = new ManualClock();
  final ManualClock streamClock = new ManualClock();
  final Set<Duration> suggested = ConcurrentHashMap.newKeySet();
  final CommitTakesTime store = new CommitTakesTime(new MemoryStore(), engineClock,
      CheckpointIntervalAdvisor.Settings.DEFAULT.priorCheckpointCost());
  ProviderAgents agents;
  LifelineEngine engine;

  @AfterEach
  void close() {
    if (engine != null) {
      engine.close();
    }
    if (agents != null) {
      agents.close();
    }
    openai.close();
  }

  /** Streams {@link #TOKENS} tokens through an agent of an agents file that sets no token cap. */
  List<Checkpoint> stream(CheckpointIntervalAdvisor advisor) throws Exception {
    openai.then(openai.answer(numbered(1, TOKENS), "stop"));
    var configs = AgentsFile.parse("agents:\n  - {id: writer, provider: openai, baseUrl: \"" + openai.baseUrl()
        + "\", model: m}\n", "agents.yaml", Map.<String, String>of()::get);
    assertThat(configs.getFirst().checkpointEveryTokens()).isEmpty();
    agents = new ProviderAgents(ProviderHealth.system());
    var builder = LifelineEngine.builder(store, EngineConfig.defaults(FixedTimeoutConfig.DEFAULT))
        .clock(engineClock, engineClock)
        .advisor(advisor)
        .workflow(WorkflowFiles.parse("name: w\nsteps:\n  - {id: draft, kind: text, prompt: Write}\n", "w.yaml"));
    agents.create(configs).forEach(agent -> builder.agent(paced(agent)));
    engine = builder.build().start();
    engine.submit(JobRequest.of("w", Map.of()).withJobId(JOB));
    assertThat(engine.whenDone(JOB).get(20, TimeUnit.SECONDS)).isEqualTo(JobState.SUCCEEDED);
    assertThat(store.output(JOB, "draft").orElseThrow().text()).endsWith(" w2499 w2500");
    return store.checkpoints(JOB, "draft");
  }

  /** The token at which the stream clock has first run {@code interval}: where a checkpoint is due. */
  static long firstTokenAfter(Duration interval) {
    return (interval.toNanos() + PER_TOKEN.toNanos() - 1) / PER_TOKEN.toNanos();
  }

  @Test
  void withThePriorsTheAgentCheckpointsEveryDalyIntervalOf12Seconds() throws Exception {
    var advisor = new CheckpointIntervalAdvisor();
    Duration interval = CheckpointIntervals.daly(Duration.ofMillis(20), Duration.ofHours(1));
    assertThat(advisor.suggest("text")).isEqualTo(interval);
    assertThat(firstTokenAfter(interval)).isEqualTo(1_199); // 11.99 s of stream ≥ 11.987 s

    var checkpoints = stream(advisor);

    assertThat(suggested).containsExactly(interval); // what the advisor said is what the agent saw
    assertThat(checkpoints).extracting(Checkpoint::progress).containsExactly(1_199L, 2_398L);
    assertThat(checkpoints).extracting(Checkpoint::kind).containsExactly(CheckpointKind.FULL, CheckpointKind.DELTA);
    assertThat(advisor.checkpointCost("text")).isEqualTo(Duration.ofMillis(20)); // measured = the prior
  }

  @Test
  void aKindThatFailsMoreOftenGetsAShorterIntervalAndCheckpointsMoreOften() throws Exception {
    var advisor = new CheckpointIntervalAdvisor();
    for (int i = 0; i < 3; i++) {
      advisor.recordAttempt("text", Duration.ZERO, /* failed= */ true); // MTBF 1 h / 4 = 15 min
    }
    Duration interval = CheckpointIntervals.daly(Duration.ofMillis(20), Duration.ofMinutes(15));
    assertThat(advisor.suggest("text")).isEqualTo(interval);
    long every = firstTokenAfter(interval);
    assertThat(every).isEqualTo(599);

    var checkpoints = stream(advisor);

    assertThat(suggested).containsExactly(interval);
    assertThat(checkpoints).extracting(Checkpoint::progress).containsExactly(every, 2 * every, 3 * every, 4 * every);
  }

  /** The agent, with its attempts' clock moving {@link #PER_TOKEN} per token reported. */
  Agent paced(Agent agent) {
    return new Agent() {
      @Override
      public AgentSpec spec() {
        return agent.spec();
      }

      @Override
      public Output run(AttemptContext context) throws Exception {
        return agent.run(new PacedContext(context));
      }
    };
  }

  /** Delegates to the engine's context, except for the clock the agent measures its interval on. */
  final class PacedContext implements AttemptContext {
    private final AttemptContext engine;

    PacedContext(AttemptContext engine) {
      this.engine = engine;
    }

    @Override
    public void progress(long units) {
      streamClock.advance(PER_TOKEN); // one token arrived
      engine.progress(units);
    }

    @Override
    public Ticker ticker() {
      return streamClock;
    }

    @Override
    public Duration suggestedCheckpointInterval() {
      Duration interval = engine.suggestedCheckpointInterval();
      suggested.add(interval);
      return interval;
    }

    @Override
    public String jobId() {
      return engine.jobId();
    }

    @Override
    public String stepId() {
      return engine.stepId();
    }

    @Override
    public int attempt() {
      return engine.attempt();
    }

    @Override
    public String prompt() {
      return engine.prompt();
    }

    @Override
    public Map<String, String> params() {
      return engine.params();
    }

    @Override
    public Map<String, Output> inputs() {
      return engine.inputs();
    }

    @Override
    public Map<String, String> jobInput() {
      return engine.jobInput();
    }

    @Override
    public Optional<RestoredState> resumeFrom() {
      return engine.resumeFrom();
    }

    @Override
    public CompletableFuture<Void> checkpoint(CheckpointKind kind, byte[] state, long progress) {
      return engine.checkpoint(kind, state, progress);
    }

    @Override
    public void heartbeat() {
      engine.heartbeat();
    }

    @Override
    public void reportUsage(Usage soFar) {
      engine.reportUsage(soFar);
    }

    @Override
    public boolean isCancelled() {
      return engine.isCancelled();
    }
  }

  /** A store whose commits of checkpoints take {@code cost} on the engine's clock, and nothing else does. */
  static final class CommitTakesTime implements Store {
    private final Store store;
    private final ManualClock clock;
    private final Duration cost;

    CommitTakesTime(Store store, ManualClock clock, Duration cost) {
      this.store = store;
      this.clock = clock;
      this.cost = cost;
    }

    @Override
    public void commit(List<Write> batch) {
      if (batch.stream().anyMatch(w -> w instanceof Write.PutCheckpoint)) {
        clock.advance(cost);
      }
      store.commit(batch);
    }

    @Override
    public Optional<JobRecord> job(String jobId) {
      return store.job(jobId);
    }

    @Override
    public Optional<JobRecord> jobByIdempotencyKey(String idempotencyKey) {
      return store.jobByIdempotencyKey(idempotencyKey);
    }

    @Override
    public List<JobRecord> unfinishedJobs() {
      return store.unfinishedJobs();
    }

    @Override
    public List<JobRecord> jobs(Optional<JobState> state, int limit) {
      return store.jobs(state, limit);
    }

    @Override
    public Map<JobState, Long> countByState() {
      return store.countByState();
    }

    @Override
    public List<StepRecord> steps(String jobId) {
      return store.steps(jobId);
    }

    @Override
    public Optional<Output> output(String jobId, String stepId) {
      return store.output(jobId, stepId);
    }

    @Override
    public List<Checkpoint> checkpoints(String jobId, String stepId) {
      return store.checkpoints(jobId, stepId);
    }

    @Override
    public List<StoredEvent> history(String jobId) {
      return store.history(jobId);
    }

    @Override
    public List<StoredEvent> events(long afterSeq, int limit) {
      return store.events(afterSeq, limit);
    }

    @Override
    public Map<String, List<Duration>> latencies() {
      return store.latencies();
    }

    @Override
    public void close() {
      store.close();
    }
  }
}
