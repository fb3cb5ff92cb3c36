package io.lifeline.engine;

import io.lifeline.checkpoint.Checkpoint;
import io.lifeline.checkpoint.CheckpointKind;
import io.lifeline.detect.Health;
import io.lifeline.event.Event;
import io.lifeline.model.Failure;
import io.lifeline.model.FailureKind;
import io.lifeline.model.FanOut;
import io.lifeline.model.Output;
import io.lifeline.model.StepSpec;
import io.lifeline.model.Usage;
import io.lifeline.model.Workflow;
import io.lifeline.recovery.FailedAttempt;
import io.lifeline.recovery.RecoveryDecision;
import io.lifeline.recovery.RecoveryPlanner;
import io.lifeline.store.AttemptRecord;
import io.lifeline.store.Budget;
import io.lifeline.store.JobRecord;
import io.lifeline.store.JobState;
import io.lifeline.store.StepState;
import io.lifeline.store.Write;
import io.lifeline.time.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * The deterministic core of the engine: a single-threaded state machine of jobs, steps and agents.
 *
 * <h2>Contract</h2>
 * Feed inputs with {@link #handle}; then {@link #drain} returns the effects of the batch: writes to
 * persist in one transaction, and dispatches, cancellations, answers and events that the shell may
 * release only once those writes are durable (write-ahead). Time comes only from the injected
 * ticker and wall clock, chance only from the injected random source, and nothing here performs
 * I/O or blocks, so the same inputs at the same times give the same effects (the simulator relies
 * on it). Not thread-safe: one thread owns it.
 *
 * <h2>How it is built</h2>
 * <ul>
 *   <li>Jobs in memory are only the active ones; a finished job is written and forgotten. Outputs
 *       never stay here: they pass through one write and are gone.
 *   <li>Ready steps wait in FIFO order; {@link #drain} hands them to the best free agent.
 *   <li>Every failure, whatever its source (agent report, deadline, detector, restart) goes
 *       through {@link #failAttempt}, which records it and asks {@link RecoveryPlanner} what to do
 *       (a fan-out over variants retries each variant itself, {@link #variantBranchFailed}).
 *   <li>The attempt number is the fencing token: only live attempts ({@link LiveAttempt}) may
 *       report; results, checkpoints and heartbeats of any other attempt are rejected and recorded
 *       (I3). A step has one live attempt, or several while it hedges or fans out; a DELTA
 *       checkpoint must extend the step's newest checkpoint, so parallel attempts never splice
 *       their states.
 *   <li>Timers are not scheduled: {@link #nextWakeNanos} is the earliest deadline, detector check,
 *       retry, cool-down end, hedge or queue-wait expiry, and {@link #drain} fires what is due.
 *       Nothing due in the past may be returned again, or the shell would spin.
 * </ul>
 *
 * <p>Sections below: inputs, jobs, attempts (dispatch, checkpoint, success, failure), agents,
 * timers (detectors, deadlines, hedges, fan-out, queue waits), helpers. Which agent takes a step,
 * and which providers are cooling down, is {@link AgentPool}'s.
 */
public final class Coordinator {

  private final EngineConfig config;
  private final Map<String, Workflow> workflows;
  private final Ticker ticker;
  private final InstantSource wall;
  private final RandomGenerator random;

  private final Map<String, JobRun> jobs = new HashMap<>();
  private final Map<String, String> activeKeys = new HashMap<>();
  /**
   * Keys of jobs finished lately. A submit checks the store before it is queued; if the same key's
   * job finishes while it waits in the queue, this still answers it with that job instead of
   * creating a second one (which the store would refuse, stopping the engine). 10,000 keys cover
   * far more than a queue's worth of submits.
   */
  private final Map<String, String> finishedKeys = new java.util.LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
      return size() > 10_000;
    }
  };
  private final AgentPool agents = new AgentPool();
  private final LinkedHashSet<StepRun> ready = new LinkedHashSet<>();
  private final PriorityQueue<StepRun> waiting =
      new PriorityQueue<>((a, b) -> Long.signum(a.notBeforeNanos - b.notBeforeNanos));
  private final Map<AttemptKey, LiveAttempt> running = new LinkedHashMap<>();
  private final Map<String, LatencyWindow> latencyByKind = new TreeMap<>();
  /** Failure kinds whose attempts' checkpoints hold rejected content. DRIFT keeps its in-style prefix. */
  private static final java.util.Set<FailureKind> DISCARDS_PROGRESS =
      java.util.EnumSet.of(FailureKind.LOW_QUALITY, FailureKind.UNSAFE, FailureKind.REFUSED);

  /** How often overdue queued steps are checked for an outage; bounds the NO_CAPACITY lateness. */
  private static final long QUEUE_CHECK_INTERVAL = Duration.ofSeconds(1).toNanos();

  private long nextQueueCheck;
  private long jobOrder;
  private long nextDetectorCheck;
  private long now;
  private Effects effects = new Effects();

  public Coordinator(EngineConfig config, Map<String, Workflow> workflows, Ticker ticker,
      InstantSource wall, RandomGenerator random) {
    this.config = config;
    this.workflows = Map.copyOf(workflows);
    this.ticker = ticker;
    this.wall = wall;
    this.random = random;
    this.now = ticker.read();
    this.nextDetectorCheck = now;
  }

  // ---------------------------------------------------------------- inputs

  public void handle(Input input) {
    now = ticker.read();
    switch (input) {
      case Input.Submit s -> submit(s);
      case Input.Cancel c -> cancel(c);
      case Input.AgentJoined j -> join(j);
      case Input.AgentDown d -> {
        var agent = agents.get(d.agentId());
        if (agent != null && agent.incarnation == d.incarnation() && agent.health != Health.DEAD) {
          declareDead(agent, d.why());
        }
      }
      case Input.Heartbeat h -> {
        var agent = agents.get(h.agentId());
        if (agent == null || agent.incarnation != h.incarnation()) {
          return;
        }
        if (agent.health != Health.DEAD) {
          agent.detector.heartbeat(now);
        } else if (!agent.evictionSent) {
          // Declared dead, yet alive (a pause, a partition): the heartbeat revives nothing (the
          // seed article let it), but the agent is told to rejoin as a new incarnation, or a
          // wrong verdict would cost its capacity for good.
          agent.evictionSent = true;
          effects.evictions.add(agent.id());
        }
      }
      case Input.AttemptHeartbeat h -> {
        var live = running.get(h.key());
        var step = stepOf(h.key());
        if (live != null) {
          live.lastProgressNanos = now;
        } else if (step != null && step.staleHeartbeatsNoted.add(h.key().attempt())) {
          stale(h.key(), step, "heartbeat", Usage.NONE); // once per attempt: a zombie's heartbeats are not news
        }
      }
      case Input.UsageReported u -> usageReported(u);
      case Input.CheckpointOffered c -> checkpoint(c);
      case Input.AttemptSucceeded s -> succeeded(s.key(), s.output());
      case Input.QualityEvaluated q -> qualityEvaluated(q);
      case Input.AttemptFailed f -> {
        var live = running.get(f.key());
        if (live != null) {
          failAttempt(live, f.failure(), f.progress(), f.usage());
        } else {
          stale(f.key(), stepOf(f.key()), "failure", f.usage());
        }
      }
    }
  }

  /**
   * Fires what is due (detector verdicts, deadlines, retry timers), dispatches ready steps, and
   * returns everything the batch produced. The next batch starts empty.
   */
  public Effects drain() {
    now = ticker.read();
    fireTimers();
    dispatchReady();
    var out = effects;
    effects = new Effects();
    return out;
  }

  /** The ticker reading by which {@link #drain} should be called again even if no input arrives. */
  public long nextWakeNanos() {
    long current = ticker.read();
    long wake = current + Duration.ofSeconds(1).toNanos();
    if (!agents.isEmpty()) {
      wake = earliest(wake, nextDetectorCheck);
    }
    for (var live : running.values()) {
      var deadlines = live.step.spec.deadlines();
      wake = earliest(wake, live.startedNanos + deadlines.total().toNanos());
      wake = earliest(wake, live.lastProgressNanos + deadlines.noProgress().toNanos());
      var hedgeAt = hedgeDue(live);
      // A hedge that is due but found no free agent is retried when an input arrives (a slot
      // frees up); waking for it again now would spin.
      if (hedgeAt.isPresent() && hedgeAt.getAsLong() - current > 0) {
        wake = earliest(wake, hedgeAt.getAsLong());
      }
    }
    if (!waiting.isEmpty()) {
      wake = earliest(wake, waiting.peek().notBeforeNanos);
    }
    for (long until : agents.coolDownEnds()) {
      wake = earliest(wake, until);
    }
    if (!ready.isEmpty()) {
      long due = ready.iterator().next().readySinceNanos + config.maxQueueWait().toNanos();
      wake = earliest(wake, nextQueueCheck - due > 0 ? nextQueueCheck : due);
    }
    return wake;
  }

  /**
   * Feeds the p95 hedging windows with latencies that earlier processes measured
   * ({@link io.lifeline.store.Store#latencies}), oldest first, so that a restart does not forget
   * them. Call it at start, before any job is restored or submitted; it writes nothing.
   */
  public void learnLatencies(Map<String, List<Duration>> latencies) {
    latencies.forEach((kind, samples) -> samples.forEach(
        sample -> latencyByKind.computeIfAbsent(kind, k -> new LatencyWindow()).record(sample.toNanos())));
  }

  /** Jobs waiting or running. */
  public int activeJobs() {
    return jobs.size();
  }

  /** The detector's current verdict on an agent, if it ever joined. */
  public Optional<Health> agentHealth(String agentId) {
    return Optional.ofNullable(agents.get(agentId)).map(a -> a.health);
  }

  // ---------------------------------------------------------------- jobs

  private void submit(Input.Submit s) {
    var workflow = workflows.get(s.workflow());
    if (workflow == null) {
      refuse(s.ticket(), new IllegalArgumentException(
          "workflow: '" + s.workflow() + "' is not registered; known: " + new TreeMap<>(workflows).keySet()));
      return;
    }
    try {
      workflow.validateInput(s.input());
    } catch (IllegalArgumentException e) {
      refuse(s.ticket(), e);
      return;
    }
    String existing = activeKeys.getOrDefault(s.idempotencyKey(), finishedKeys.get(s.idempotencyKey()));
    if (existing != null) {
      ack(s.ticket(), existing);
      return;
    }
    if (jobs.containsKey(s.jobId())) {
      refuse(s.ticket(), new IllegalArgumentException(
          "jobId: '" + s.jobId() + "' already names an active job with another idempotency key"));
      return;
    }
    if (jobs.size() >= config.maxActiveJobs()) {
      refuse(s.ticket(), new OverloadedException("overloaded: " + jobs.size()
          + " jobs are waiting or running, the limit (maxActiveJobs) is " + config.maxActiveJobs()
          + "; retry later"));
      return;
    }
    Budget budget = s.budget() != null ? s.budget() : workflow.budget().orElse(config.defaultBudget());
    var record = new JobRecord(s.jobId(), workflow.name(), s.input(), s.idempotencyKey(), JobState.QUEUED,
        budget, 0, 0, 0, wall.instant(), Optional.empty(), "");
    var job = new JobRun(record, workflow, jobOrder++);
    write(new Write.PutJob(record));
    emit(new Event.JobSubmitted(job.id(), wall.instant(), workflow.name(), s.input(), s.idempotencyKey()));
    for (StepSpec spec : workflow.steps()) {
      var step = new StepRun(job, spec, spec.after().isEmpty() ? StepState.READY : StepState.BLOCKED);
      job.steps.put(spec.id(), step);
      save(step);
      if (step.state == StepState.READY) {
        enqueue(step);
      }
    }
    jobs.put(job.id(), job);
    activeKeys.put(s.idempotencyKey(), job.id());
    ack(s.ticket(), job.id());
  }

  private void cancel(Input.Cancel c) {
    var job = jobs.get(c.jobId());
    if (job == null) {
      refuse(c.ticket(), new IllegalArgumentException("jobId: '" + c.jobId() + "' is not active"));
      return;
    }
    finishJob(job, JobState.CANCELLED, c.reason());
    ack(c.ticket(), JobState.CANCELLED);
  }

  /** Rebuilds an unfinished job after a restart; attempts that were running are failed as lost. */
  public void restore(RecoveredJob recovered) {
    now = ticker.read();
    JobRecord record = recovered.job();
    var workflow = workflows.get(record.workflow());
    if (workflow == null) {
      String reason = "workflow '" + record.workflow() + "' is not registered in this engine";
      var failed = new JobRecord(record.jobId(), record.workflow(), record.input(), record.idempotencyKey(),
          JobState.FAILED, record.budget(), record.attemptsUsed(), record.tokensUsed(), record.costUsed(),
          record.submittedAt(), Optional.of(wall.instant()), reason);
      write(new Write.PutJob(failed));
      emit(new Event.JobFailed(record.jobId(), wall.instant(), "", reason));
      return;
    }
    var job = new JobRun(record, workflow, jobOrder++);
    var byId = new HashMap<String, io.lifeline.store.StepRecord>();
    recovered.steps().forEach(s -> byId.put(s.stepId(), s));
    var wasRunning = new ArrayList<StepRun>();
    for (StepSpec spec : workflow.steps()) {
      var saved = byId.get(spec.id());
      var step = new StepRun(job, spec, saved == null
          ? (spec.after().isEmpty() ? StepState.READY : StepState.BLOCKED) : saved.state());
      job.steps.put(spec.id(), step);
      if (saved != null) {
        step.attempt = saved.attempt();
        step.agentId = saved.agentId();
        step.variant = saved.variant();
        step.preferredAgent = saved.preferredAgent();
        step.history.addAll(saved.history());
        step.reason = saved.reason();
      }
      var marks = recovered.checkpoints().getOrDefault(spec.id(), List.of());
      if (!marks.isEmpty()) {
        step.checkpointSeq = marks.getLast().seq();
        step.checkpointProgress = marks.getLast().progress();
        step.checkpointFloor = floorOf(step, marks);
        step.checkpointVariant = step.variant;
      }
      switch (step.state) {
        case READY -> enqueue(step);
        case WAITING_RETRY -> {
          Instant at = saved.notBefore().orElse(wall.instant());
          long delay = Math.max(0, Duration.between(wall.instant(), at).toNanos());
          step.notBefore = at;
          step.notBeforeNanos = now + delay;
          waiting.add(step);
        }
        case RUNNING -> wasRunning.add(step);
        case BLOCKED, SUCCEEDED, FAILED, CANCELLED -> { }
      }
    }
    jobs.put(job.id(), job);
    activeKeys.put(record.idempotencyKey(), job.id());
    for (var step : wasRunning) {
      if (!jobs.containsKey(job.id()) || step.state != StepState.RUNNING) {
        continue; // an earlier lost attempt dead-lettered the job, which ended this step too
      }
      var live = new LiveAttempt(step, step.attempt, step.agentId, step.variant, now, step.checkpointProgress);
      step.live.put(live.attempt, live);
      running.put(live.key(), live);
      failAttempt(live, Failure.of(FailureKind.AGENT_LOST, "engine restarted while attempt "
          + step.attempt + " was running on agent '" + step.agentId + "'"), step.checkpointProgress, Usage.NONE);
    }
    if (jobs.containsKey(job.id()) && !advance(job)) {
      // Settles steps whose dependencies ended in a batch the crash cut short (per-write commits).
      write(new Write.PutJob(job.record()));
    }
  }

  /**
   * The checkpoint floor a restarted coordinator must keep: checkpoints written by an attempt
   * whose content was rejected, or by an earlier variant, or before them, are not resumed. A fan-out
   * over variants resumes none: its branches run again from scratch (their outputs were in memory),
   * and which variant saved which checkpoint is not kept.
   */
  private static long floorOf(StepRun step, List<RecoveredJob.CheckpointMark> marks) {
    if (overVariants(step)) {
      return marks.getLast().seq();
    }
    int lastUnusable = 0;
    for (var record : step.history) {
      boolean rejected = record.failure().map(DISCARDS_PROGRESS::contains).orElse(false);
      if (rejected || record.variant() != step.variant) {
        lastUnusable = Math.max(lastUnusable, record.attempt());
      }
    }
    long floor = 0;
    for (var mark : marks) {
      if (mark.attempt() <= lastUnusable) {
        floor = Math.max(floor, mark.seq());
      }
    }
    return floor;
  }

  private void finishJob(JobRun job, JobState state, String reason) {
    for (var step : job.steps.values()) {
      if (step.state.isTerminal()) {
        continue;
      }
      cancelLive(step, "job " + state.name().toLowerCase());
      ready.remove(step);
      waiting.remove(step);
      step.state = StepState.CANCELLED;
      save(step);
    }
    Instant at = wall.instant();
    job.finish(state, at, reason);
    write(new Write.PutJob(job.record()));
    switch (state) {
      case SUCCEEDED -> emit(new Event.JobSucceeded(job.id(), at, ""));
      case DEGRADED -> emit(new Event.JobSucceeded(job.id(), at, String.join(",", job.steps.values().stream()
          .filter(s -> s.state == StepState.FAILED).map(StepRun::id).toList())));
      case FAILED -> emit(new Event.JobFailed(job.id(), at, failedStep(job), reason));
      case CANCELLED -> emit(new Event.JobCancelled(job.id(), at, reason));
      case QUEUED, RUNNING -> throw new IllegalArgumentException("not a terminal state: " + state);
    }
    jobs.remove(job.id());
    activeKeys.remove(job.record().idempotencyKey());
    finishedKeys.put(job.record().idempotencyKey(), job.id());
  }

  private static String failedStep(JobRun job) {
    return job.steps.values().stream().filter(s -> s.state == StepState.FAILED)
        .map(StepRun::id).findFirst().orElse("");
  }

  // ---------------------------------------------------------------- attempts

  private void dispatchReady() {
    if (ready.isEmpty()) {
      return;
    }
    var freeByKind = agents.freeSlotsByKind();
    var doomed = new LinkedHashMap<StepRun, String>(); // dead-lettered after the loop, which they would disturb
    for (Iterator<StepRun> it = ready.iterator(); it.hasNext(); ) {
      var step = it.next();
      String kind = step.spec.kind();
      if (freeByKind.getOrDefault(kind, 0) <= 0) {
        continue;
      }
      var cannotStart = cannotStart(step);
      if (cannotStart.isPresent()) {
        doomed.put(step, cannotStart.get());
        continue;
      }
      int started = startReady(step);
      if (started > 0) {
        it.remove();
        freeByKind.merge(kind, -started, Integer::sum);
      }
    }
    doomed.forEach((step, reason) -> {
      if (step.state == StepState.READY && jobs.containsKey(step.job.id())) {
        ready.remove(step);
        deadLetter(step, reason);
      }
    });
  }

  /**
   * Why a ready step can never start, if so: the job's budget is spent, or a fan-out can no longer
   * reach its need (its branches succeeded too rarely for the attempts left, or a restart lost the
   * outputs of those that did).
   */
  private static Optional<String> cannotStart(StepRun step) {
    if (step.job.attemptsLeft() <= 0 || step.job.spentOut().isPresent()) {
      return Optional.of("BUDGET_EXHAUSTED: " + step.job.spentOut()
          .orElse(step.job.record().budget().maxAttempts() + " attempts used"));
    }
    return step.spec.fanOut().isPresent() ? FanOuts.outOfReach(step) : Optional.empty();
  }

  /**
   * Starts a ready step on the agent {@link #pickAgent} chooses, and a fan-out's further branches;
   * a fan-out over variants picks an agent per variant instead. Returns how many attempts started.
   */
  private int startReady(StepRun step) {
    if (overVariants(step)) {
      return startBranches(step);
    }
    if (step.history.isEmpty() && step.job.budgetLow()) {
      startCheaply(step);
    }
    var agent = pickAgent(step);
    if (agent == null) {
      return 0;
    }
    start(step, agent);
    return 1 + startBranches(step);
  }

  /**
   * A job low on tokens or cost starts a fresh step on its cheapest variant: the one with the
   * lowest expected cost ({@link StepSpec#expectedCost}) on the cheapest free agent that can run it,
   * the step itself on a tie. Recovery downgrades the same way after a failure.
   */
  private void startCheaply(StepRun step) {
    double cheapest = Double.POSITIVE_INFINITY;
    for (int variant = 0; variant <= step.spec.fallbacks().size(); variant++) {
      var agent = agents.choose(step.spec, variant, Set.of(), Set.of(), /* frugal= */ true).fresh();
      if (agent != null && step.spec.expectedCost(variant, agent.spec) < cheapest) {
        cheapest = step.spec.expectedCost(variant, agent.spec);
        step.variant = variant;
      }
    }
  }

  /**
   * The agent for a ready step: the one recovery chose if it is free and fit; else the least
   * loaded, cheapest fit agent that has not failed this step; if only agents that failed it are
   * free while another fit one is merely busy, wait for that one.
   */
  private AgentRun pickAgent(StepRun step) {
    var selector = step.spec.selectorFor(step.variant);
    var preferred = agents.get(step.preferredAgent);
    if (preferred != null && agents.usable(preferred) && preferred.hasFreeSlot()
        && preferred.spec.matches(step.spec.kind(), selector)) {
      return preferred;
    }
    Set<String> failed = new HashSet<>();
    for (var record : step.history) {
      if (record.failure().isPresent() && record.failure().get() != FailureKind.RATE_LIMITED) {
        failed.add(record.agentId());
      }
    }
    // With little budget left, the cheapest fit agent wins over the least loaded one.
    var choice = agents.choose(step.spec, step.variant, Set.of(), failed, step.job.budgetLow());
    if (choice.fresh() != null) {
      return choice.fresh();
    }
    return choice.freshBusy() ? null : choice.failedBefore();
  }

  private void start(StepRun step, AgentRun agent) {
    start(step, agent, step.variant);
  }

  private void start(StepRun step, AgentRun agent, int variant) {
    if (!jobs.containsKey(step.job.id())) {
      throw new IllegalStateException("attempt of finished job " + step.job.id() + " must not start");
    }
    boolean hedge = !step.live.isEmpty();
    if (!hedge) {
      step.hedged = false;
    }
    step.attempt++;
    step.state = StepState.RUNNING;
    step.agentId = agent.id();
    step.variant = variant;
    step.preferredAgent = "";
    // Another variant's state is no start for this one (a fan-out over variants shares one chain).
    boolean resume = config.resumeFromCheckpoints() && step.checkpointSeq > step.checkpointFloor
        && step.checkpointVariant == variant;
    var live = new LiveAttempt(step, step.attempt, agent.id(), variant, now, resume ? step.checkpointProgress : 0);
    live.chainSeq = resume ? step.checkpointSeq : -1;
    step.live.put(live.attempt, live);
    agent.running++;
    step.job.attemptStarted();
    running.put(live.key(), live);
    write(new Write.PutJob(step.job.record()));
    save(step);
    emit(new Event.AttemptStarted(step.job.id(), wall.instant(), step.id(), step.attempt, agent.id(),
        step.spec.variantName(variant) + (!hedge ? "" : step.spec.fanOut().isPresent() ? " (branch)" : " (hedge)"),
        resume ? step.checkpointSeq : -1,
        resume ? step.checkpointProgress : 0));
    effects.dispatches.add(new Effects.Dispatch(step.key(), agent.id(), step.job.workflow.name(),
        step.spec, variant, step.job.record().input(), resume, step.job.tokensLeft()));
  }

  /**
   * A running attempt's usage so far. The moment the job's spend — what ended attempts were
   * charged plus what the running ones reported — goes past its token or cost budget, every running
   * attempt of the job is stopped and the job fails with {@code BUDGET_EXHAUSTED} (I4): attempts
   * running side by side (a hedge, fan-out branches) each keep within the tokens left when they
   * started ({@link Effects.Dispatch#tokensLeft}), but not together. The stopped attempts are
   * charged what they used when their last report arrives, as any superseded attempt is
   * ({@link #stale}).
   */
  private void usageReported(Input.UsageReported u) {
    var live = running.get(u.key());
    if (live == null) {
      return; // ended or superseded: its final report charges it
    }
    live.reported = u.soFar();
    stopIfOverspent(live.step, "while attempt " + live.attempt + " ran");
  }

  /** Stops the job of {@code step} if its spend went past its budget (I4); {@code when} ends the reason. */
  private void stopIfOverspent(StepRun step, String when) {
    var spent = step.job.overspent();
    if (spent.isPresent()) {
      cancelLive(step, "BUDGET_EXHAUSTED");
      deadLetter(step, "BUDGET_EXHAUSTED: " + spent.get() + " " + when);
    }
  }

  private void checkpoint(Input.CheckpointOffered c) {
    var step = stepOf(c.key());
    if (step == null || !step.isCurrent(c.key())) {
      stale(c.key(), step, "checkpoint", Usage.NONE);
      refuse(c.ticket(), new StaleAttemptException("attempt " + c.key() + " is no longer current"));
      return;
    }
    var live = running.get(c.key());
    if (c.kind() == CheckpointKind.DELTA && live.chainSeq != step.checkpointSeq) {
      // A DELTA must extend the step's newest state. During a hedge race the other attempt may
      // have checkpointed since: storing this one would splice two attempts' states together.
      refuse(c.ticket(), new IllegalStateException("checkpoint of " + c.key()
          + " refused: a DELTA must extend the step's newest checkpoint; save a FULL one"));
      return;
    }
    step.checkpointSeq++;
    step.checkpointVariant = live.variant;
    live.chainSeq = step.checkpointSeq;
    var checkpoint = new Checkpoint(step.job.id(), step.id(), live.attempt, step.checkpointSeq,
        wall.instant(), c.kind(), c.state(), c.progress());
    write(new Write.PutCheckpoint(checkpoint, config.checkpointKeepLast()));
    emit(new Event.CheckpointSaved(step.job.id(), checkpoint.at(), step.id(), live.attempt,
        checkpoint.seq(), c.kind(), c.state().length, c.progress()));
    step.checkpointProgress = c.progress();
    live.lastReportedProgress = Math.max(live.lastReportedProgress, c.progress());
    live.lastProgressNanos = now;
    ack(c.ticket(), checkpoint.seq());
  }

  private void succeeded(AttemptKey key, Output output) {
    var step = stepOf(key);
    var winner = running.get(key);
    if (winner == null) {
      stale(key, step, "result", output.usage());
      return;
    }
    releaseAttempt(winner);
    recordLatency(step.spec.kind(), now - winner.startedNanos);
    var job = step.job;
    job.charge(output.usage());
    step.history.add(new AttemptRecord(key.attempt(), winner.agentId, winner.variant, Optional.empty()));
    String variants = step.spec.variantName(winner.variant);
    if (step.spec.fanOut().isPresent()) {
      int need = step.spec.fanOut().get().need();
      step.branchOutputs.add(new FanOuts.Branch(winner.variant, output));
      emit(new Event.BranchSucceeded(job.id(), wall.instant(), step.id(), key.attempt(), winner.agentId,
          variants, step.branchOutputs.size(), need, output.usage().tokens(), output.usage().cost()));
      if (step.branchOutputs.size() < need) {
        if (step.live.isEmpty()) {
          step.state = StepState.READY; // more branches are needed and none is running
          enqueue(step);
        }
        save(step);
        write(new Write.PutJob(job.record()));
        return;
      }
      variants = FanOuts.variantNames(step.branchOutputs, step.spec);
      output = FanOuts.join(step.branchOutputs, step.spec);
      step.branchOutputs.clear();
    }
    // A hedge race or a fan-out is over: the other attempts are cancelled, and fencing rejects
    // their late results.
    cancelLive(step, "attempt " + key.attempt() + " won");
    step.state = StepState.SUCCEEDED;
    step.agentId = winner.agentId;
    write(new Write.PutOutput(job.id(), step.id(), output));
    save(step);
    emit(new Event.StepSucceeded(job.id(), wall.instant(), step.id(), key.attempt(), winner.agentId,
        variants, output.mediaType(), output.content().length,
        output.usage().tokens(), output.usage().cost()));
    if (!advance(job)) {
      write(new Write.PutJob(job.record()));
    }
  }

  /**
   * Unblocks the steps whose dependencies are settled and finishes the job when every step is.
   * Returns whether the job finished.
   */
  private boolean advance(JobRun job) {
    boolean allDone = true;
    var degraded = new ArrayList<String>();
    for (var step : job.steps.values()) {
      if (step.state == StepState.BLOCKED && dependenciesSettled(step)) {
        step.state = StepState.READY;
        save(step);
        enqueue(step);
      }
      if (step.state == StepState.FAILED && step.spec.optional()) {
        degraded.add(step.id());
      } else {
        allDone &= step.state == StepState.SUCCEEDED;
      }
    }
    if (!allDone) {
      return false;
    }
    finishJob(job, degraded.isEmpty() ? JobState.SUCCEEDED : JobState.DEGRADED,
        degraded.isEmpty() ? "" : "degraded: optional step(s) " + String.join(", ", degraded) + " dead-lettered");
    return true;
  }

  /** Dependencies succeeded, or were optional and dead-lettered (the step runs without them). */
  private static boolean dependenciesSettled(StepRun step) {
    for (String dep : step.spec.after()) {
      var other = step.job.steps.get(dep);
      boolean settled = other.state == StepState.SUCCEEDED || other.state == StepState.FAILED && other.spec.optional();
      if (!settled) {
        return false;
      }
    }
    return true;
  }

  /**
   * Records a failed attempt and, unless another attempt of the step is still running (a hedge, a
   * fan-out's branch), applies the recovery the planner chooses. A fan-out over variants recovers
   * on its own terms ({@link #variantBranchFailed}).
   */
  private void failAttempt(LiveAttempt live, Failure failure, long progress, Usage usage) {
    releaseAttempt(live);
    var step = live.step;
    var job = step.job;
    job.charge(usage);
    step.history.add(new AttemptRecord(live.attempt, live.agentId, live.variant, Optional.of(failure.kind())));
    emit(new Event.AttemptFailed(job.id(), wall.instant(), step.id(), live.attempt, live.agentId,
        failure.kind(), failure.message(), Math.max(progress, live.lastReportedProgress),
        step.checkpointProgress, usage.tokens(), usage.cost()));
    if (failure.kind() == FailureKind.RATE_LIMITED) {
      coolProvider(live.agentId, failure.retryAfter().orElse(RecoveryPlanner.DEFAULT_RATE_LIMIT_WAIT));
    }
    if (overVariants(step)) {
      variantBranchFailed(live, failure);
      return;
    }
    if (!step.live.isEmpty()) {
      return; // the other attempt of the hedge race may still win
    }
    if (DISCARDS_PROGRESS.contains(failure.kind())) {
      // The content itself was rejected: resuming from it would keep what was wrong.
      step.checkpointFloor = step.checkpointSeq;
    }
    var decision = config.recovery().decide(new FailedAttempt(step.spec, step.variant, live.agentId,
        failure, step.history, step.attempt, job.attemptsLeft(), job.budgetLow()), agents.views(), random);
    emit(new Event.RecoveryDecided(job.id(), wall.instant(), step.id(), live.attempt, decision.action(),
        decisionAgent(decision), decisionDelay(decision).toMillis(), decisionReason(decision, failure)));
    switch (decision) {
      case RecoveryDecision.Retry r -> {
        step.preferredAgent = r.agentId();
        readyAfter(step, r.delay());
      }
      case RecoveryDecision.Replace r -> {
        step.preferredAgent = r.agentId();
        readyAfter(step, Duration.ZERO);
      }
      case RecoveryDecision.Fallback f -> {
        step.checkpointFloor = step.checkpointSeq; // another variant cannot continue this one's state
        step.variant = f.variant();
        step.preferredAgent = f.agentId();
        readyAfter(step, f.delay());
      }
      case RecoveryDecision.Wait w -> {
        step.preferredAgent = "";
        readyAfter(step, w.delay());
      }
      case RecoveryDecision.DeadLetter d -> deadLetter(step, d.reason());
    }
  }

  /**
   * A branch of a fan-out over variants failed. The planner is not asked: its ladder moves a step
   * to another variant, and here every variant has its own branch. The variant runs again on
   * another agent ({@link #startBranches}: at once while other branches run, else through the
   * queue), unless the failure gave it up; the step is dead-lettered as soon as too few variants
   * can still succeed, without waiting for the branches still running.
   */
  private void variantBranchFailed(LiveAttempt live, Failure failure) {
    var step = live.step;
    if (DISCARDS_PROGRESS.contains(failure.kind()) && step.checkpointVariant == live.variant) {
      step.checkpointFloor = step.checkpointSeq; // this variant's rejected state; another's stays usable
    }
    var outOfReach = FanOuts.outOfReach(step);
    if (outOfReach.isPresent()) {
      cancelLive(step, "fan-out out of reach");
      deadLetter(step, outOfReach.get());
    } else if (step.live.isEmpty()) {
      readyAfter(step, Duration.ZERO);
    } else {
      save(step);
    }
  }

  /** Queues a READY step for dispatch; it may wait there at most {@code maxQueueWait} (I2). */
  private void enqueue(StepRun step) {
    step.readySinceNanos = now;
    ready.add(step);
  }

  /**
   * Dead-letters steps that waited too long while no usable agent could take them — every
   * compatible agent dead or cooling, or the kind never registered: an outage must end in a
   * definite outcome (I2). A step that only waits behind busy agents (a backlog) keeps waiting.
   * The queue is in arrival order, so the overdue steps are at its head; checked once a second.
   */
  private void expireQueueWaits() {
    if (ready.isEmpty() || now - nextQueueCheck < 0) {
      return;
    }
    nextQueueCheck = now + QUEUE_CHECK_INTERVAL;
    long limit = config.maxQueueWait().toNanos();
    var overdue = new ArrayList<StepRun>();
    for (var step : ready) {
      if (now - (step.readySinceNanos + limit) < 0) {
        break;
      }
      if (!hasCapacity(step)) {
        overdue.add(step);
      }
    }
    for (var step : overdue) {
      if (ready.remove(step) && jobs.containsKey(step.job.id())) {
        deadLetter(step, "NO_CAPACITY: no usable agent of kind '" + step.spec.kind() + "' matching "
            + String.join(" or ", wantedSelectors(step).stream().map(String::valueOf).toList())
            + " took the step within " + config.maxQueueWait());
      }
    }
  }

  private boolean hasCapacity(StepRun step) {
    return wantedSelectors(step).stream().anyMatch(selector -> agents.hasCapacity(step.spec.kind(), selector));
  }

  /** The selectors a ready step waits for an agent of: its variant's, or its pending variants'. */
  private static List<Map<String, String>> wantedSelectors(StepRun step) {
    List<Integer> variants = overVariants(step) ? FanOuts.pendingVariants(step) : List.of(step.variant);
    return variants.stream().map(step.spec::selectorFor).distinct().toList();
  }

  private void readyAfter(StepRun step, Duration delay) {
    if (delay.isZero()) {
      step.state = StepState.READY;
      enqueue(step);
    } else {
      step.state = StepState.WAITING_RETRY;
      step.notBeforeNanos = now + delay.toNanos();
      step.notBefore = wall.instant().plus(delay);
      waiting.add(step);
    }
    save(step);
  }

  private void deadLetter(StepRun step, String reason) {
    step.state = StepState.FAILED;
    step.reason = reason;
    save(step);
    emit(new Event.StepFailed(step.job.id(), wall.instant(), step.id(), reason));
    boolean jobBudgetSpent = reason.startsWith("BUDGET_EXHAUSTED");
    if (step.spec.optional() && !jobBudgetSpent) {
      if (!advance(step.job)) {
        write(new Write.PutJob(step.job.record()));
      }
      return;
    }
    finishJob(step.job, JobState.FAILED, "step '" + step.id() + "': " + reason);
  }

  /** Frees the attempt's slot; the step's state is the caller's to set. */
  private void releaseAttempt(LiveAttempt live) {
    running.remove(live.key());
    live.step.live.remove(live.attempt);
    var agent = agents.get(live.agentId);
    if (agent != null && agent.running > 0) {
      agent.running--;
    }
  }

  /** Cancels the step's running attempts; fencing rejects whatever they still send (I3). */
  private void cancelLive(StepRun step, String reason) {
    for (var live : List.copyOf(step.live.values())) {
      effects.cancels.add(new Effects.Cancel(live.key(), reason, Optional.empty()));
      releaseAttempt(live);
    }
  }

  /**
   * Records an evaluator's vote and charges what it cost to the job (I4): a judge's tokens are the
   * job's spend like the writer's, even when the vote comes after its attempt was superseded or its
   * job ended. A late vote is recorded only if it cost something, so that the spend is explained (I7).
   */
  private void qualityEvaluated(Input.QualityEvaluated q) {
    var step = stepOf(q.key());
    boolean spent = q.usage().tokens() > 0 || q.usage().cost() > 0;
    if (spent) {
      charge(q.key().jobId(), q.usage());
    }
    if (spent || step != null && step.isCurrent(q.key())) {
      emit(new Event.QualityScored(q.key().jobId(), wall.instant(), q.key().stepId(), q.key().attempt(),
          q.evaluator(), q.score(), q.passed(), q.reason(), q.usage().tokens(), q.usage().cost()));
    }
    if (spent && step != null && step.isCurrent(q.key())) {
      // A paid judge counts like a writer (I4): past the budget, the job stops here.
      stopIfOverspent(step, "when " + q.evaluator() + " judged attempt " + q.key().attempt());
    }
  }

  /** Charges {@code usage} to the job, active or finished meanwhile. */
  private void charge(String jobId, Usage usage) {
    var job = jobs.get(jobId);
    if (job != null) {
      job.charge(usage);
      write(new Write.PutJob(job.record()));
    } else {
      write(new Write.ChargeJob(jobId, usage.tokens(), usage.cost()));
    }
  }

  /** Records a rejected message; a superseded attempt's spend still counts against the budget (I4). */
  private void stale(AttemptKey key, StepRun step, String what, Usage usage) {
    if (usage.tokens() > 0 || usage.cost() > 0) {
      charge(key.jobId(), usage);
    }
    String agentId = "";
    int current = -1;
    if (step != null) {
      current = step.state == StepState.RUNNING ? step.attempt : -1;
      for (var record : step.history) {
        if (record.attempt() == key.attempt()) {
          agentId = record.agentId();
        }
      }
    }
    emit(new Event.StaleResultRejected(key.jobId(), wall.instant(), key.stepId(), key.attempt(), current,
        what, agentId, usage.tokens(), usage.cost()));
  }

  // ---------------------------------------------------------------- agents

  private void join(Input.AgentJoined j) {
    var old = agents.get(j.spec().id());
    if (old != null && old.incarnation >= j.incarnation()) {
      return;
    }
    var agent = new AgentRun(j.spec(), j.incarnation(), config.detectors().create());
    agent.detector.heartbeat(now);
    agents.put(agent);
    emit(new Event.AgentJoined("", wall.instant(), agent.id(), j.incarnation()));
    if (old != null) {
      // The old incarnation's process is gone, whether or not its detector noticed yet.
      failAttemptsOn(agent.id(), "agent '" + agent.id() + "' restarted (incarnation "
          + old.incarnation + " -> " + j.incarnation() + ")");
    }
  }

  private void declareDead(AgentRun agent, String reason) {
    agent.health = Health.DEAD;
    emit(new Event.AgentDead("", wall.instant(), agent.id(), reason));
    failAttemptsOn(agent.id(), "agent '" + agent.id() + "' declared dead: " + reason);
  }

  private void failAttemptsOn(String agentId, String reason) {
    for (var live : List.copyOf(running.values())) {
      // An earlier failure in this loop may have dead-lettered the job and ended its other attempts.
      if (live.agentId.equals(agentId) && running.containsKey(live.key())) {
        var lost = Failure.of(FailureKind.AGENT_LOST, reason);
        effects.cancels.add(new Effects.Cancel(live.key(), reason, Optional.of(lost)));
        failAttempt(live, lost, live.lastReportedProgress, Usage.NONE);
      }
    }
  }

  private void fireTimers() {
    if (!agents.isEmpty() && now - nextDetectorCheck >= 0) {
      nextDetectorCheck = now + config.detectorCheckInterval().toNanos();
      for (var agent : agents.all()) {
        if (agent.health == Health.DEAD) {
          continue;
        }
        Health verdict = agent.detector.health(now);
        if (verdict == agent.health) {
          continue;
        }
        double suspicion = agent.detector.suspicion(now);
        switch (verdict) {
          case SUSPECT -> {
            agent.health = Health.SUSPECT;
            emit(new Event.AgentSuspected("", wall.instant(), agent.id(), suspicion));
          }
          case HEALTHY -> {
            agent.health = Health.HEALTHY;
            emit(new Event.AgentRecovered("", wall.instant(), agent.id()));
          }
          case DEAD -> declareDead(agent, String.format("heartbeats stopped (suspicion %.1f)", suspicion));
        }
      }
    }
    for (var live : List.copyOf(running.values())) {
      if (!running.containsKey(live.key())) {
        continue; // ended by an earlier failure of this round (a hedge race that was won)
      }
      var deadlines = live.step.spec.deadlines();
      String why = null;
      if (now - (live.startedNanos + deadlines.total().toNanos()) >= 0) {
        why = "total deadline of " + deadlines.total() + " passed";
      } else if (now - (live.lastProgressNanos + deadlines.noProgress().toNanos()) >= 0) {
        why = "no progress for " + deadlines.noProgress();
      }
      if (why != null) {
        var timeout = Failure.of(FailureKind.TIMEOUT, why);
        effects.cancels.add(new Effects.Cancel(live.key(), why, Optional.of(timeout)));
        failAttempt(live, timeout, live.lastReportedProgress, Usage.NONE);
      } else if (hedgeDue(live).isPresent() && now - hedgeDue(live).getAsLong() >= 0) {
        hedge(live);
      } else if (live.step.spec.fanOut().isPresent()) {
        startBranches(live.step); // replaces failed branches as agents free up
      }
    }
    while (!waiting.isEmpty() && now - waiting.peek().notBeforeNanos >= 0) {
      var step = waiting.poll();
      if (step.state == StepState.WAITING_RETRY) {
        step.state = StepState.READY;
        save(step);
        enqueue(step);
      }
    }
    agents.endCoolDowns(now);
    expireQueueWaits();
  }

  /**
   * When the step's only attempt should get a hedge: after the step's fixed delay, or the measured
   * p95 of its agent kind, or — while too few latencies of the kind are known — the hedge's
   * cold-start delay ({@link io.lifeline.model.Hedge}). Empty when the step does not hedge,
   * already did, or may not afford it: no attempt left in the step's limit or the job's budget, or
   * the job low on tokens or cost — a hedge pays twice for one result, a luxury a job near the end of
   * its budget cannot afford.
   */
  private java.util.OptionalLong hedgeDue(LiveAttempt live) {
    var step = live.step;
    var hedge = step.spec.hedge();
    if (hedge.isEmpty() || step.hedged || step.live.size() != 1) {
      return java.util.OptionalLong.empty();
    }
    if (!mayStartAnother(step) || step.job.budgetLow()) {
      return java.util.OptionalLong.empty();
    }
    return java.util.OptionalLong.of(live.startedNanos + hedgeDelayNanos(step.spec, hedge.get()));
  }

  private long hedgeDelayNanos(StepSpec spec, io.lifeline.model.Hedge hedge) {
    if (hedge.after().isPresent()) {
      return hedge.after().get().toNanos();
    }
    var window = latencyByKind.get(spec.kind());
    var p95 = window == null ? java.util.OptionalLong.empty() : window.p95();
    return p95.orElse(hedge.delayUntilMeasured(spec.deadlines()).toNanos());
  }

  /**
   * Starts the branches a fan-out step lacks (its first ones, or replacements of failed ones) on
   * free agents, within the step's attempt limit and the job's budget. Returns how many.
   */
  private int startBranches(StepRun step) {
    var fanOut = step.spec.fanOut();
    if (fanOut.isEmpty() || step.state != StepState.RUNNING && step.state != StepState.READY) {
      return 0;
    }
    return fanOut.get().overVariants() ? startVariantBranches(step) : startAgentBranches(step, fanOut.get().count());
  }

  /** Each branch runs the step's own variant on a different agent. */
  private int startAgentBranches(StepRun step, int count) {
    int started = 0;
    while (step.live.size() + step.branchOutputs.size() < count && mayStartAnother(step)) {
      var busy = new HashSet<String>();
      step.live.values().forEach(l -> busy.add(l.agentId));
      var failed = new HashSet<String>();
      step.history.stream().filter(r -> r.failure().isPresent()).forEach(r -> failed.add(r.agentId()));
      // An agent that already failed this step only if nobody else is free.
      var choice = agents.choose(step.spec, step.variant, busy, failed, step.job.budgetLow());
      AgentRun best = choice.fresh() != null ? choice.fresh() : choice.failedBefore();
      if (best == null) {
        break;
      }
      start(step, best);
      started++;
    }
    return started;
  }

  /**
   * Each pending variant on an agent of its own selector; one that finds none waits for a later
   * call. Two rounds: a variant goes back to an agent that failed it only when no untried agent is
   * free for any pending variant, so a variant not tried yet gets the free slot first.
   */
  private int startVariantBranches(StepRun step) {
    int started = 0;
    for (boolean lastResort : new boolean[] {false, true}) {
      for (int variant : FanOuts.pendingVariants(step)) {
        if (!mayStartAnother(step)) {
          return started;
        }
        var agent = branchAgent(step, variant, lastResort);
        if (agent != null) {
          start(step, agent, variant);
          started++;
        }
      }
    }
    return started;
  }

  /**
   * A free agent for a branch of {@code variant}, or null: one that has not failed this variant,
   * preferring one that runs no other branch of the step (independent failures); or, as the last
   * resort, one that failed it.
   */
  private AgentRun branchAgent(StepRun step, int variant, boolean lastResort) {
    var busy = new HashSet<String>();
    step.live.values().forEach(l -> busy.add(l.agentId));
    var failed = new HashSet<String>();
    for (var record : step.history) {
      if (record.variant() == variant && record.failure().filter(k -> k != FailureKind.RATE_LIMITED).isPresent()) {
        failed.add(record.agentId());
      }
    }
    var apart = agents.choose(step.spec, variant, busy, failed, step.job.budgetLow());
    var shared = agents.choose(step.spec, variant, Set.of(), failed, step.job.budgetLow());
    var best = lastResort ? apart.failedBefore() : apart.fresh();
    return best != null ? best : lastResort ? shared.failedBefore() : shared.fresh();
  }

  /** Whether the step's attempt limit and the job's budget allow one more attempt beside the running ones (I4). */
  private static boolean mayStartAnother(StepRun step) {
    return FanOuts.attemptsLeft(step) > 0 && step.job.attemptsLeft() > 0 && step.job.spentOut().isEmpty();
  }

  /** Starts the hedge on the best other usable agent with a free slot, if there is one now. */
  private void hedge(LiveAttempt live) {
    var step = live.step;
    var best = agents.choose(step.spec, step.variant, Set.of(live.agentId), Set.of(), step.job.budgetLow()).fresh();
    if (best != null) {
      step.hedged = true;
      start(step, best);
    }
  }

  /** Learns a successful attempt's latency, and keeps it for the next process (see {@link #learnLatencies}). */
  private void recordLatency(String kind, long nanos) {
    latencyByKind.computeIfAbsent(kind, k -> new LatencyWindow()).record(nanos);
    write(new Write.RecordLatency(kind, Duration.ofNanos(nanos), LatencyWindow.SIZE));
  }

  private void coolProvider(String agentId, Duration wait) {
    var agent = agents.get(agentId);
    String group = agent == null ? agentId : agent.spec.quotaGroup();
    agents.cool(group, now + wait.toNanos());
    emit(new Event.ProviderCooling("", wall.instant(), group, wait.toMillis()));
  }

  // ---------------------------------------------------------------- helpers

  private static boolean overVariants(StepRun step) {
    return step.spec.fanOut().filter(FanOut::overVariants).isPresent();
  }

  private StepRun stepOf(AttemptKey key) {
    var job = jobs.get(key.jobId());
    return job == null ? null : job.steps.get(key.stepId());
  }

  private void save(StepRun step) {
    write(new Write.PutStep(step.record()));
  }

  private void write(Write write) {
    effects.writes.add(write);
  }

  private void emit(Event event) {
    effects.writes.add(new Write.AppendEvent(event));
    effects.events.add(event);
  }

  private void ack(long ticket, Object value) {
    effects.acks.add(new Effects.Ack(ticket, value));
  }

  private void refuse(long ticket, RuntimeException error) {
    effects.refusals.add(new Effects.Refusal(ticket, error));
  }

  private long earliest(long a, long b) {
    return b - a < 0 ? b : a;
  }

  private static String decisionAgent(RecoveryDecision decision) {
    return switch (decision) {
      case RecoveryDecision.Retry r -> r.agentId();
      case RecoveryDecision.Replace r -> r.agentId();
      case RecoveryDecision.Fallback f -> f.agentId();
      case RecoveryDecision.Wait w -> "";
      case RecoveryDecision.DeadLetter d -> "";
    };
  }

  private static Duration decisionDelay(RecoveryDecision decision) {
    return switch (decision) {
      case RecoveryDecision.Retry r -> r.delay();
      case RecoveryDecision.Wait w -> w.delay();
      case RecoveryDecision.Replace r -> Duration.ZERO;
      case RecoveryDecision.Fallback f -> f.delay();
      case RecoveryDecision.DeadLetter d -> Duration.ZERO;
    };
  }

  private static String decisionReason(RecoveryDecision decision, Failure failure) {
    return switch (decision) {
      case RecoveryDecision.DeadLetter d -> d.reason();
      case RecoveryDecision.Wait w -> w.why();
      case RecoveryDecision.Fallback f -> "fallback variant " + f.variant() + " after " + failure.kind();
      case RecoveryDecision.Retry r -> "retry after " + failure.kind();
      case RecoveryDecision.Replace r -> "replace after " + failure.kind();
    };
  }
}
