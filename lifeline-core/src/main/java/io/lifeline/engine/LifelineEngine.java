package io.lifeline.engine;

import io.lifeline.checkpoint.CheckpointKind;
import io.lifeline.event.Event;
import io.lifeline.event.EventListener;
import io.lifeline.model.Agent;
import io.lifeline.model.Workflow;
import io.lifeline.quality.EvaluationRetry;
import io.lifeline.quality.QualityEvaluator;
import io.lifeline.quality.SafetyFilter;
import io.lifeline.quality.SafetyVerdict;
import io.lifeline.reliability.CheckpointIntervalAdvisor;
import io.lifeline.store.JobState;
import io.lifeline.store.Store;
import io.lifeline.store.Write;
import io.lifeline.time.Ids;
import io.lifeline.time.Sleeper;
import io.lifeline.time.Ticker;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * The embedded engine: the imperative shell around the {@link Coordinator}.
 *
 * <p>One thread owns the coordinator. It drains every pending input, lets the coordinator handle
 * them, commits the batch's writes in one transaction (group commit), and only then dispatches
 * attempts, answers submitters and publishes events (write-ahead): nothing leaves the process
 * before the transition that explains it is durable. Attempts run on virtual threads and talk to the
 * coordinator only through inputs. If a commit fails the engine stops: it cannot tell what is
 * durable, and a restart recovers from the store.
 */
public final class LifelineEngine implements AutoCloseable {

  private final Store store;
  private final EngineConfig config;
  private final Map<String, Workflow> workflows;
  private final Map<String, Agent> agents;
  private final Ticker ticker;
  private final Coordinator coordinator;
  private final AttemptRunner runner;
  private final AgentHost host;
  private final Supplier<String> ids;
  private final CheckpointIntervalAdvisor advisor;
  private final LinkedBlockingQueue<Input> inputs = new LinkedBlockingQueue<>();
  private final Map<Long, CompletableFuture<Object>> pending = new ConcurrentHashMap<>();
  private final Map<AttemptKey, Running> attempts = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<JobState>> completions = new ConcurrentHashMap<>();
  private final List<EventListener> listeners = new CopyOnWriteArrayList<>();
  private final AtomicLong tickets = new AtomicLong();
  private final Thread loop;
  private final Thread heartbeats;
  private volatile boolean running;
  private volatile Throwable failure;

  private record Running(Thread thread, AttemptStop stop, String agentKind) {}

  private LifelineEngine(Builder b) {
    this.store = b.store;
    this.config = b.config;
    this.workflows = Map.copyOf(b.workflows);
    this.agents = new LinkedHashMap<>(b.agents);
    this.ticker = b.ticker;
    this.ids = b.ids;
    this.advisor = b.advisor;
    this.coordinator = new Coordinator(config, workflows, ticker, b.wall, b.random);
    this.runner = new AttemptRunner(store, Map.copyOf(b.evaluators), b.safety, b.evaluationRetry, b.evaluationSleeper);
    this.host = new AgentHost(List.copyOf(agents.values()), config.heartbeatInterval(), b.sleeper, this::offer);
    this.listeners.addAll(b.listeners);
    this.loop = Thread.ofPlatform().name("lifeline-coordinator").unstarted(this::runLoop);
    this.heartbeats = Thread.ofPlatform().name("lifeline-heartbeats").daemon().unstarted(host);
  }

  public static Builder builder(Store store, EngineConfig config) {
    return new Builder(store, config);
  }

  /**
   * Registers the agents, rebuilds unfinished jobs from the store (attempts that were running when
   * the last process died fail as AGENT_LOST and recover like any other fault), and the latencies
   * that p95 hedging learns from, and starts.
   */
  public LifelineEngine start() {
    coordinator.learnLatencies(store.latencies());
    for (var join : host.initialJoins()) {
      coordinator.handle(join);
    }
    RecoveredJobs.load(store).forEach(coordinator::restore);
    running = true;
    apply(coordinator.drain());
    loop.start();
    heartbeats.start();
    return this;
  }

  /**
   * Submits a job and returns its id once it is durable (I1). With an idempotency key (or job id)
   * that was used before, returns the earlier job's id and submits nothing.
   *
   * @throws OverloadedException when too many jobs are active
   * @throws IllegalArgumentException when the workflow or input is invalid (nothing is written)
   */
  public String submit(JobRequest request) {
    String jobId = request.jobId().orElseGet(ids);
    String key = request.idempotencyKey().orElse(jobId);
    var existing = store.jobByIdempotencyKey(key);
    if (existing.isPresent()) {
      return existing.get().jobId();
    }
    if (request.jobId().isPresent() && store.job(jobId).isPresent()) {
      throw new IllegalArgumentException("jobId: '" + jobId + "' already names a job with another idempotency key");
    }
    long ticket = tickets.incrementAndGet();
    return (String) await(ticket, new Input.Submit(ticket, jobId, request.workflow(), request.input(), key,
        request.budget().orElse(null)));
  }

  /** Cancels an active job: running attempts are interrupted, the job ends CANCELLED. */
  public void cancel(String jobId, String reason) {
    long ticket = tickets.incrementAndGet();
    await(ticket, new Input.Cancel(ticket, jobId, reason));
  }

  /** Completes with the job's terminal state once it has one. */
  public CompletableFuture<JobState> whenDone(String jobId) {
    var future = completions.computeIfAbsent(jobId, id -> new CompletableFuture<>());
    // Events are published after commit, so a job finished before we registered shows in the store.
    var job = store.job(jobId);
    if (job.isEmpty() || job.get().state().isTerminal()) {
      completions.remove(jobId, future);
      job.ifPresentOrElse(j -> future.complete(j.state()),
          () -> future.completeExceptionally(new IllegalArgumentException("jobId: no job '" + jobId + "'")));
    }
    return future;
  }

  public void addListener(EventListener listener) {
    listeners.add(listener);
  }

  public Store store() {
    return store;
  }

  public Map<String, Workflow> workflows() {
    return workflows;
  }

  /** Why the engine stopped by itself, if it did. */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure);
  }

  @Override
  public void close() {
    running = false;
    host.stop();
    heartbeats.interrupt();
    loop.interrupt();
    try {
      loop.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    attempts.values().forEach(r -> {
      r.stop().stop(Optional.empty());
      r.thread().interrupt();
    });
    failPending(new IllegalStateException("engine closed"));
  }

  // ---------------------------------------------------------------- package API for the shell parts

  Ticker ticker() {
    return ticker;
  }

  void offer(Input input) {
    inputs.add(input);
  }

  CompletableFuture<Long> offerCheckpoint(AttemptKey key, CheckpointKind kind, byte[] state, long progress) {
    long ticket = tickets.incrementAndGet();
    var future = new CompletableFuture<Object>();
    pending.put(ticket, future);
    offer(new Input.CheckpointOffered(ticket, key, kind, state, progress));
    failPendingIfStopped();
    return future.thenApply(seq -> (Long) seq);
  }

  /** After the loop stopped, nothing answers: fail what was registered, including late arrivals. */
  private void failPendingIfStopped() {
    if (!running) {
      failPending(new IllegalStateException("engine is not running"
          + failure().map(f -> ": " + f.getMessage()).orElse("")));
    }
  }

  private void failPending(RuntimeException why) {
    for (var ticket : List.copyOf(pending.keySet())) {
      Optional.ofNullable(pending.remove(ticket)).ifPresent(f -> f.completeExceptionally(why));
    }
  }

  Duration checkpointInterval(String agentId) {
    var agent = agents.get(agentId);
    return advisor.suggest(agent == null ? "" : agent.spec().kind());
  }

  /** What the engine measured of failure rates and checkpoint costs, by agent kind. */
  public CheckpointIntervalAdvisor advisor() {
    return advisor;
  }

  // ---------------------------------------------------------------- the loop

  private Object await(long ticket, Input input) {
    if (!running) {
      throw new IllegalStateException("engine is not running" + failure().map(f -> ": " + f).orElse(""));
    }
    var future = new CompletableFuture<Object>();
    pending.put(ticket, future);
    offer(input);
    failPendingIfStopped(); // the loop may have stopped between the check above and the put
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the engine", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private void runLoop() {
    var batch = new ArrayList<Input>();
    try {
      while (running) {
        long waitNanos = coordinator.nextWakeNanos() - ticker.read();
        Input first = waitNanos > 0 ? inputs.poll(waitNanos, TimeUnit.NANOSECONDS) : inputs.poll();
        if (first != null) {
          batch.add(first);
          inputs.drainTo(batch, 4096);
        }
        for (var input : batch) {
          coordinator.handle(input);
        }
        batch.clear();
        apply(coordinator.drain());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable t) {
      failure = t;
      running = false;
      // Nothing can become durable any more: stop the attempts (they would only spend) and answer
      // everyone still waiting; a restart recovers from what the store holds.
      attempts.values().forEach(r -> {
        r.stop().stop(Optional.empty());
        r.thread().interrupt();
      });
      failPending(new IllegalStateException("engine stopped: " + t.getMessage(), t));
      System.getLogger("lifeline").log(System.Logger.Level.ERROR, "engine stopped", t);
    }
  }

  /** Commits the batch, then releases its effects: the write-ahead rule lives here. */
  private void apply(Effects effects) {
    if (!effects.writes().isEmpty()) {
      long begin = ticker.read();
      if (config.commitMode() == EngineConfig.CommitMode.BATCH) {
        store.commit(effects.writes());
      } else {
        for (Write write : effects.writes()) {
          store.commit(List.of(write));
        }
      }
      measureCheckpointCost(effects.writes(), Duration.ofNanos(ticker.read() - begin));
    }
    for (var cancel : effects.cancels()) {
      var attempt = attempts.remove(cancel.key());
      if (attempt != null) {
        attempt.stop().stop(cancel.charged());
        attempt.thread().interrupt();
      }
    }
    for (var dispatch : effects.dispatches()) {
      start(dispatch);
    }
    effects.evictions().forEach(host::rejoin);
    for (var ack : effects.acks()) {
      Optional.ofNullable(pending.remove(ack.ticket())).ifPresent(f -> f.complete(ack.value()));
    }
    for (var refusal : effects.refusals()) {
      Optional.ofNullable(pending.remove(refusal.ticket())).ifPresent(f -> f.completeExceptionally(refusal.error()));
    }
    for (Event event : effects.events()) {
      publish(event);
    }
  }

  /** A checkpoint costs its batch's durable commit: that is what Young/Daly's delta is. */
  private void measureCheckpointCost(List<Write> writes, Duration commitLatency) {
    for (Write write : writes) {
      if (write instanceof Write.PutCheckpoint(var checkpoint, int keep)) {
        var attempt = attempts.get(new AttemptKey(checkpoint.jobId(), checkpoint.stepId(), checkpoint.attempt()));
        if (attempt != null) {
          advisor.recordCheckpointCost(attempt.agentKind(), commitLatency);
        }
      }
    }
  }

  private void start(Effects.Dispatch dispatch) {
    Agent agent = agents.get(dispatch.agentId());
    var stop = new AttemptStop();
    String kind = agent.spec().kind();
    // Loading inputs and checkpoints is I/O: it happens on the attempt's thread, not the loop's.
    Thread thread = Thread.ofVirtual().name("attempt-" + dispatch.key()).unstarted(() -> {
      long begin = ticker.read();
      var outcome = runner.prepareAndRun(agent, dispatch, this, stop);
      // For a cancelled attempt the coordinator's reason decides (Effects.Cancel#charged): a timeout
      // or a lost agent counts, a lost hedge race or an ended job does not, whatever it then reported.
      boolean lostWork = stop.stopped() ? stop.charged().isPresent() : outcome.lostWork();
      advisor.recordAttempt(kind, Duration.ofNanos(ticker.read() - begin), lostWork);
      attempts.remove(dispatch.key());
      if (outcome.report() != null) {
        offer(outcome.report());
      }
    });
    attempts.put(dispatch.key(), new Running(thread, stop, kind));
    thread.start();
  }

  private void publish(Event event) {
    switch (event) {
      case Event.JobSucceeded e -> complete(e.jobId(), e.degradedSteps().isEmpty() ? JobState.SUCCEEDED : JobState.DEGRADED);
      case Event.JobFailed e -> complete(e.jobId(), JobState.FAILED);
      case Event.JobCancelled e -> complete(e.jobId(), JobState.CANCELLED);
      default -> { }
    }
    for (var listener : listeners) {
      try {
        listener.onEvent(event);
      } catch (RuntimeException e) {
        System.getLogger("lifeline").log(System.Logger.Level.WARNING, "event listener failed", e);
      }
    }
  }

  private void complete(String jobId, JobState state) {
    var future = completions.remove(jobId);
    if (future != null) {
      future.complete(state);
    }
  }

  /** Configures an engine; {@link #build()} checks that every workflow can be served (I8). */
  public static final class Builder {
    private final Store store;
    private final EngineConfig config;
    private final Map<String, Workflow> workflows = new LinkedHashMap<>();
    private final Map<String, Agent> agents = new LinkedHashMap<>();
    private final Map<String, QualityEvaluator> evaluators = new LinkedHashMap<>();
    private final List<EventListener> listeners = new ArrayList<>();
    private Ticker ticker = Ticker.system();
    private InstantSource wall = InstantSource.system();
    private RandomGenerator random = new SplittableRandom();
    private Sleeper sleeper = Sleeper.system();
    private Supplier<String> ids = Ids.random();
    private CheckpointIntervalAdvisor advisor = new CheckpointIntervalAdvisor();
    private SafetyFilter safety = (prompt, output) -> SafetyVerdict.SAFE;
    private EvaluationRetry evaluationRetry = EvaluationRetry.DEFAULT;
    private Sleeper evaluationSleeper = Sleeper.system();

    private Builder(Store store, EngineConfig config) {
      this.store = store;
      this.config = config;
    }

    public Builder workflow(Workflow workflow) {
      if (workflows.putIfAbsent(workflow.name(), workflow) != null) {
        throw new IllegalArgumentException("workflow '" + workflow.name() + "' is registered twice");
      }
      return this;
    }

    public Builder agent(Agent agent) {
      if (agents.putIfAbsent(agent.spec().id(), agent) != null) {
        throw new IllegalArgumentException("agent id '" + agent.spec().id() + "' is registered twice");
      }
      return this;
    }

    public Builder evaluator(QualityEvaluator evaluator) {
      evaluators.put(evaluator.name(), evaluator);
      return this;
    }

    public Builder listener(EventListener listener) {
      listeners.add(listener);
      return this;
    }

    public Builder clock(Ticker ticker, InstantSource wall) {
      this.ticker = ticker;
      this.wall = wall;
      return this;
    }

    public Builder random(RandomGenerator random) {
      this.random = random;
      return this;
    }

    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = sleeper;
      return this;
    }

    public Builder ids(Supplier<String> ids) {
      this.ids = ids;
      return this;
    }

    /**
     * Checks every output before it is accepted; UNSAFE and REFUSED verdicts fail the attempt and
     * send the step down its fallback chain. None by default (the agents module has a blocklist
     * and refusal filter).
     */
    public Builder safetyFilter(SafetyFilter filter) {
      this.safety = java.util.Objects.requireNonNull(filter, "filter");
      return this;
    }

    /**
     * How a quality gate left undecided by abstaining evaluators (a judge that is down, answers
     * nonsense or times out) asks them again, and what waits between its rounds; default
     * {@link EvaluationRetry#DEFAULT} in real time. A gate still undecided after its retries fails
     * the attempt as TRANSIENT without counting it as the writer's lost work. The sleeper is the
     * gate's alone (the agent host paces heartbeats with {@link #sleeper}), so tests can pass one
     * that advances a fake clock.
     */
    public Builder evaluationRetry(EvaluationRetry retry, Sleeper sleeper) {
      this.evaluationRetry = java.util.Objects.requireNonNull(retry, "retry");
      this.evaluationSleeper = java.util.Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /** Suggests checkpoint intervals (Young/Daly from measured failure rate and checkpoint cost). */
    public Builder advisor(CheckpointIntervalAdvisor value) {
      this.advisor = value;
      return this;
    }

    public LifelineEngine build() {
      for (var workflow : workflows.values()) {
        for (var step : workflow.steps()) {
          step.quality().ifPresent(gate -> gate.evaluators().forEach(name -> {
            if (!evaluators.containsKey(name)) {
              throw new IllegalArgumentException("step '" + step.id() + "': quality evaluator '"
                  + name + "' is not registered; known: " + evaluators.keySet());
            }
          }));
        }
      }
      return new LifelineEngine(this);
    }
  }
}
