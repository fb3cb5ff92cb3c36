package io.lifeline.sim;

import io.lifeline.checkpoint.CheckpointKind;
import io.lifeline.checkpoint.Checkpoints;
import io.lifeline.checkpoint.RestoredState;
import io.lifeline.detect.FixedTimeoutConfig;
import io.lifeline.engine.AttemptKey;
import io.lifeline.engine.Coordinator;
import io.lifeline.engine.Effects;
import io.lifeline.engine.EngineConfig;
import io.lifeline.engine.Input;
import io.lifeline.event.Event;
import io.lifeline.model.AgentSpec;
import io.lifeline.model.Deadlines;
import io.lifeline.model.Output;
import io.lifeline.model.RetryPolicy;
import io.lifeline.model.Workflow;
import io.lifeline.store.Budget;
import io.lifeline.store.MemoryStore;
import io.lifeline.time.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Runs one job of {@link CheckpointModel} on the real {@link Coordinator} and a virtual clock, to
 * check the engine's checkpoint and resume path against the model's mathematics.
 *
 * <p>The shell is the simulator's, cut down to one agent: inputs are handled, each batch is
 * committed to a {@link MemoryStore}, and only then are attempts dispatched; a dispatched attempt
 * that resumes reads its checkpoint back from that store, exactly as an agent host does. The clock
 * jumps to whichever comes first, the agent's next action or the coordinator's next wake-up.
 *
 * <p>How the agent is modelled:
 * <ul>
 *   <li>Crashes come from the seed alone, as exponential up-times drawn one after the other, so
 *       every interval meets the same crashes (common random numbers: the curve over intervals is
 *       far smoother than independent runs would make it).
 *   <li>Its host sees the process exit and tells the coordinator at once ({@link Input.AgentDown},
 *       DESIGN §3's direct liveness signal), which fails the attempt as {@code AGENT_LOST}; the
 *       agent rejoins as a new incarnation {@code restart} later and the step is dispatched to it,
 *       resuming. Heartbeats go on once a minute as a backstop only, so that the virtual clock is
 *       not stepped through thousands of them.
 *   <li>Step deadlines, retry limits and the job's budget are far out of reach: crashes here are
 *       the phenomenon under study, not a reason to give up.
 * </ul>
 */
public final class CheckpointIntervalExperiment {

  private static final String AGENT = "worker";
  private static final String JOB = "long-job";
  private static final String STEP = "work";
  private static final AgentSpec SPEC = AgentSpec.of(AGENT, "worker");
  private static final Duration HEARTBEAT = Duration.ofMinutes(1);
  /** Far out of reach: no run comes near a million attempts (T = 60 min needs about 40). */
  private static final int UNLIMITED = 1_000_000;
  /** Runs longer than this many times the work are a bug in the loop, not an unlucky seed. */
  private static final long HORIZON_FACTOR = 1_000;

  private enum Phase { WORK, CHECKPOINT, LAST_WORK }

  private final CheckpointModel model;
  private final long interval;
  private final long seed;
  private final SplittableRandom crashes;
  private final ManualClock clock = new ManualClock();
  private final long start = clock.read();
  private final MemoryStore store = new MemoryStore();
  private final Coordinator coordinator;
  private long incarnation = 1;
  private boolean up = true;
  private long crashAt;
  private long backAt;
  private long nextHeartbeat;
  private AttemptKey attempt;
  private Phase phase;
  private long phaseEnd;
  /** Work done, in nanoseconds, when the current phase began. */
  private long progress;
  private long ticket;
  private boolean done;

  private CheckpointIntervalExperiment(CheckpointModel model, Duration interval, long seed) {
    this.model = model;
    this.interval = interval.toNanos();
    this.seed = seed;
    this.crashes = new SplittableRandom(seed);
    var workflow = workflow(model);
    this.coordinator = new Coordinator(engineConfig(), Map.of(workflow.name(), workflow), clock, clock,
        new SplittableRandom(seed * 31));
  }

  /**
   * The virtual time from submitting the job to its success, with checkpoints every
   * {@code interval} of work, under the crashes drawn from {@code seed}. The same arguments give
   * the same time.
   *
   * @throws IllegalStateException if the engine fails the job, which the model never allows
   */
  public static Duration completionTime(CheckpointModel model, Duration interval, long seed) {
    if (interval.isZero() || interval.isNegative()) {
      throw new IllegalArgumentException("interval must be positive, was " + interval);
    }
    return Duration.ofNanos(new CheckpointIntervalExperiment(model, interval, seed).run());
  }

  private static Workflow workflow(CheckpointModel model) {
    Duration never = model.work().multipliedBy(HORIZON_FACTOR);
    return Workflow.builder("checkpointed")
        .step(STEP, s -> s.kind(SPEC.kind())
            .deadlines(new Deadlines(never, never))
            // No backoff: the agent is away for `restart` anyway, and the model has no other delay.
            .retry(new RetryPolicy(UNLIMITED, Duration.ZERO, Duration.ZERO, 0)))
        .build();
  }

  /** Lifeline's defaults, with a fixed-timeout detector sized for once-a-minute heartbeats. */
  private static EngineConfig engineConfig() {
    var detector = new FixedTimeoutConfig(HEARTBEAT, HEARTBEAT.multipliedBy(2), HEARTBEAT.multipliedBy(3));
    var base = EngineConfig.defaults(detector);
    // Verdicts once a second are plenty when heartbeats come once a minute.
    return new EngineConfig(base.detectors(), base.heartbeatInterval(), Duration.ofSeconds(1),
        base.maxActiveJobs(), base.checkpointKeepLast(), base.commitMode(), base.defaultBudget(),
        base.recovery(), true, base.maxQueueWait());
  }

  private long run() {
    coordinator.handle(new Input.AgentJoined(SPEC, incarnation));
    crashAt = upTime();
    nextHeartbeat = HEARTBEAT.toNanos();
    coordinator.handle(new Input.Submit(++ticket, JOB, "checkpointed", Map.of(), JOB,
        new Budget(UNLIMITED, Long.MAX_VALUE, Double.MAX_VALUE)));
    drainAndCommit();
    long horizon = model.work().toNanos() * HORIZON_FACTOR;
    while (!done) {
      long next = Math.min(nextAgentAction(), coordinator.nextWakeNanos() - start);
      if (next > horizon) {
        throw new IllegalStateException("seed " + seed + ": the job did not finish within " + horizon / 3.6e12 + " h");
      }
      clock.advanceTo(start + next);
      act();
      drainAndCommit();
    }
    return now();
  }

  // ---------------------------------------------------------------- the agent

  private long nextAgentAction() {
    if (!up) {
      return backAt;
    }
    long next = Math.min(crashAt, nextHeartbeat);
    return attempt == null ? next : Math.min(next, phaseEnd);
  }

  private void act() {
    long t = now();
    if (!up) {
      if (t >= backAt) {
        rejoin();
      }
      return;
    }
    if (t >= crashAt) {
      crash();
      return;
    }
    if (t >= nextHeartbeat) {
      coordinator.handle(new Input.Heartbeat(AGENT, incarnation));
      nextHeartbeat += HEARTBEAT.toNanos();
    }
    if (attempt != null && t >= phaseEnd) {
      endPhase();
    }
  }

  private void crash() {
    up = false;
    attempt = null;
    backAt = now() + model.restart().toNanos();
    coordinator.handle(new Input.AgentDown(AGENT, incarnation, "process exited"));
  }

  private void rejoin() {
    up = true;
    incarnation++;
    crashAt = now() + upTime();
    nextHeartbeat = now() + HEARTBEAT.toNanos();
    coordinator.handle(new Input.AgentJoined(SPEC, incarnation));
  }

  private void begin(Effects.Dispatch dispatch) {
    if (!up) {
      throw new IllegalStateException("seed " + seed + ": dispatched to the agent while it was down");
    }
    attempt = dispatch.key();
    progress = dispatch.resume()
        ? Checkpoints.restore(store.checkpoints(JOB, STEP)).map(RestoredState::progress).orElse(0L)
        : 0;
    work();
  }

  private void work() {
    long left = model.work().toNanos() - progress;
    phase = left > interval ? Phase.WORK : Phase.LAST_WORK;
    phaseEnd = now() + Math.min(left, interval);
  }

  private void endPhase() {
    switch (phase) {
      case WORK -> {
        phase = Phase.CHECKPOINT;
        phaseEnd = now() + model.checkpointCost().toNanos();
      }
      case CHECKPOINT -> {
        progress += interval;
        byte[] state = ("work done " + progress + " ns").getBytes(StandardCharsets.UTF_8);
        coordinator.handle(new Input.CheckpointOffered(++ticket, attempt, CheckpointKind.FULL, state, progress));
        work();
      }
      case LAST_WORK -> {
        coordinator.handle(new Input.AttemptSucceeded(attempt, Output.text("done")));
        attempt = null;
      }
    }
  }

  /** An exponential up-time of mean M. */
  private long upTime() {
    return Math.round(-Math.log1p(-crashes.nextDouble()) * model.mtbf().toNanos());
  }

  // ---------------------------------------------------------------- the shell

  private void drainAndCommit() {
    Effects effects = coordinator.drain();
    if (!effects.writes().isEmpty()) {
      store.commit(effects.writes());
    }
    for (Event event : effects.events()) {
      switch (event) {
        case Event.JobSucceeded s -> done = true;
        case Event.JobFailed f -> throw new IllegalStateException("seed " + seed + ": the engine failed the job: " + f.reason());
        default -> { }
      }
    }
    for (var cancel : effects.cancels()) {
      if (cancel.key().equals(attempt)) {
        attempt = null;
      }
    }
    effects.dispatches().forEach(this::begin);
  }

  private long now() {
    return clock.read() - start;
  }
}
