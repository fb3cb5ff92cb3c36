package io.lifeline.sim;

import io.lifeline.checkpoint.CheckpointKind;
import io.lifeline.checkpoint.Checkpoints;
import io.lifeline.checkpoint.RestoredState;
import io.lifeline.engine.AttemptKey;
import io.lifeline.engine.Coordinator;
import io.lifeline.engine.EngineConfig;
import io.lifeline.engine.Effects;
import io.lifeline.engine.Input;
import io.lifeline.engine.RecoveredJobs;
import io.lifeline.event.Event;
import io.lifeline.event.EventJson;
import io.lifeline.model.AgentSpec;
import io.lifeline.model.Failure;
import io.lifeline.model.FailureKind;
import io.lifeline.model.Output;
import io.lifeline.model.Workflow;
import io.lifeline.store.MemoryStore;
import io.lifeline.time.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Runs the real {@link Coordinator} against simulated agents on a virtual clock that jumps to the
 * next thing that can happen, under a fault schedule drawn from one seed. Nothing here reads real
 * time or unseeded randomness, and every collection that decides an order is ordered, so the same
 * seed gives the same run, event for event.
 *
 * <p>The shell is modelled as the real one behaves: each instant's inputs are handled, the batch
 * is committed to a {@link MemoryStore} (the "disk"), and only then are attempts dispatched and
 * submitters answered. A coordinator crash loses the batch in flight (before or after its commit),
 * the coordinator is rebuilt from the store, and simulated clients resubmit what was not
 * acknowledged, with the same idempotency keys.
 *
 * <p>Per-attempt faults are drawn from a random source seeded by (seed, attempt key), so two
 * policies run on the same seed meet the same faults even when they dispatch differently.
 */
public final class Simulation {

  static final long MS = 1_000_000L;
  static final long CHUNK = 100 * MS;
  static final long HORIZON = Duration.ofMinutes(30).toNanos();
  /** Faults strike within this window from the start; jobs arrive over the first few seconds. */
  static final long FAULT_WINDOW = Duration.ofSeconds(40).toNanos();
  /** Wake-ups in a row at the same instant with nothing to run, past which the coordinator spins. */
  static final int MAX_IDLE_WAKES = 10_000;

  private record Scheduled(long at, long seq, Runnable action) {}

  private final long seed;
  private final Scenario scenario;
  private final Policy policy;
  private final EngineConfig config;
  private final Workflow workflow;
  private final ManualClock clock = new ManualClock();
  private final long start = clock.read();
  private final Instant startInstant = clock.instant();
  private final SplittableRandom random;
  private final MemoryStore store = new MemoryStore();
  private final Map<String, SimAgent> agents = new TreeMap<>();
  private final Map<String, Long> stormUntilByProvider = new TreeMap<>();
  private final PriorityQueue<Scheduled> queue =
      new PriorityQueue<>((a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
  private final Map<AttemptKey, SimAttempt> attempts = new LinkedHashMap<>();
  private final Map<Long, String> pendingSubmits = new TreeMap<>();
  private final LinkedHashSet<String> acked = new LinkedHashSet<>();
  private final List<String> jobKeys = new ArrayList<>();
  private final List<Injection> injections = new ArrayList<>();
  private final List<Long> restarts = new ArrayList<>();
  private final List<String> trace = new ArrayList<>();
  private final List<Event> committed = new ArrayList<>();
  private final List<Long> crashAt = new ArrayList<>();
  private Coordinator coordinator;
  private long seq;
  private long ticket;
  private long chunksRun;

  private Simulation(long seed, Scenario scenario, EngineConfig config, Policy policy) {
    this.seed = seed;
    this.scenario = scenario;
    this.workflow = Scenario.workflow(scenario.name());
    this.policy = policy;
    this.config = config;
    this.random = new SplittableRandom(seed);
  }

  /** Runs one seed of a scenario under a policy to the end (all jobs finished) or the horizon. */
  public static SimResult run(long seed, Scenario scenario, Policy policy) {
    return run(seed, scenario, policy.config(), policy);
  }

  /** As {@link #run(long, Scenario, Policy)} with a custom engine configuration, checked as {@code policy}. */
  public static SimResult run(long seed, Scenario scenario, EngineConfig config, Policy policy) {
    return new Simulation(seed, scenario, config, policy).run();
  }

  private SimResult run() {
    createAgents();
    coordinator = newCoordinator();
    coordinator.learnLatencies(store.latencies());
    for (var agent : agents.values()) {
      coordinator.handle(new Input.AgentJoined(agent.spec, agent.incarnation));
      scheduleHeartbeats(agent, random.nextLong(config.heartbeatInterval().toNanos()));
    }
    scheduleFaults();
    for (int i = 1; i <= scenario.jobs(); i++) {
      String key = String.format("job-%03d", i);
      jobKeys.add(key);
      at((i - 1) * 250 * MS, () -> submit(key));
    }
    drainAndCommit();
    int idle = 0;
    while (!finished() && now() < HORIZON) {
      long wake = coordinator.nextWakeNanos() - start;
      long next = queue.isEmpty() ? wake : Math.min(queue.peek().at, wake);
      if (next > now()) {
        clock.advanceTo(start + next);
        idle = 0;
      } else if (queue.isEmpty() || queue.peek().at > now()) {
        // The coordinator asks to be woken now, again and again, with nothing to do: a live-lock
        // the real engine would spin on. Fail the seed instead of hanging the run.
        if (++idle > MAX_IDLE_WAKES) {
          throw new IllegalStateException(String.format("seed %d (%s): coordinator live-lock at %.3f s",
              seed, scenario.name(), now() / 1e9));
        }
      }
      while (!queue.isEmpty() && queue.peek().at <= now()) {
        queue.poll().action.run();
      }
      drainAndCommit();
    }
    return new SimResult(seed, scenario.name(), policy, store, List.copyOf(jobKeys), List.copyOf(acked),
        List.copyOf(injections), List.copyOf(restarts), List.copyOf(trace), List.copyOf(committed), now(), chunksRun, startInstant,
        Map.copyOf(downIntervals()), config);
  }

  // ---------------------------------------------------------------- the pool and its faults

  private void createAgents() {
    addAgent("writer-1", "text", "p1", "m-small");
    addAgent("writer-2", "text", "p2", "m-large");
    addAgent("writer-3", "text", "p3", "m-small");
    addAgent("painter-1", "image", "p4", "i-1");
    addAgent("painter-2", "image", "p5", "i-2");
    addAgent("critic-1", "evaluator", "p6", "e-1");
    addAgent("critic-2", "evaluator", "p6", "e-1");
  }

  private void addAgent(String id, String kind, String provider, String model) {
    var spec = new AgentSpec(id, kind, Map.of("provider", provider, "model", model), 1, 2);
    agents.put(id, new SimAgent(spec));
  }

  /**
   * Draws the agent-wide faults. The first agent of each kind never crashes for good, so that
   * every step can always be served eventually (losing every agent of a kind is a capacity
   * outage, which I2 cannot promise to survive).
   */
  private void scheduleFaults() {
    var firstOfKind = new LinkedHashSet<String>();
    for (var agent : agents.values()) {
      boolean first = firstOfKind.add(agent.spec.kind());
      if (!first && random.nextDouble() < scenario.crashStop()) {
        long t = faultTime();
        at(t, () -> crash(agent, true, 0));
      } else if (random.nextDouble() < scenario.crashRecover()) {
        long t = faultTime();
        long downtime = Duration.ofSeconds(2).toNanos() + random.nextLong(Duration.ofSeconds(8).toNanos());
        at(t, () -> crash(agent, false, downtime));
      }
      if (random.nextDouble() < scenario.gcPause()) {
        long t = faultTime();
        long pause = Duration.ofSeconds(1).toNanos() + random.nextLong(Duration.ofSeconds(2).toNanos());
        agent.pauseFrom = t;
        agent.pauseUntil = t + pause;
        at(t, () -> inject("gc-pause", agent.id(), ""));
      }
      if (random.nextDouble() < scenario.partition()) {
        long t = faultTime();
        long length = Duration.ofSeconds(3).toNanos() + random.nextLong(Duration.ofSeconds(5).toNanos());
        agent.partitionFrom = t;
        agent.partitionUntil = t + length;
        at(t, () -> inject("partition", agent.id(), ""));
        at(t + length, () -> heal(agent));
      }
      if (random.nextDouble() < scenario.lowQuality()) {
        long t = faultTime();
        agent.lowQualityFrom = t;
        agent.lowQualityUntil = t + Duration.ofSeconds(10).toNanos() + random.nextLong(Duration.ofSeconds(30).toNanos());
      }
    }
    for (String provider : List.of("p1", "p2", "p3", "p4", "p5", "p6")) {
      if (random.nextDouble() < scenario.rateLimitStorm()) {
        long t = faultTime();
        long until = t + Duration.ofSeconds(5).toNanos() + random.nextLong(Duration.ofSeconds(25).toNanos());
        at(t, () -> stormUntilByProvider.put(provider, until));
      }
    }
    for (int i = 0; i < scenario.coordinatorCrashes(); i++) {
      crashAt.add(Duration.ofSeconds(1).toNanos() + random.nextLong(FAULT_WINDOW));
    }
    crashAt.sort(Long::compare);
  }

  private long faultTime() {
    return Duration.ofSeconds(1).toNanos() + random.nextLong(FAULT_WINDOW);
  }

  private void crash(SimAgent agent, boolean forGood, long downtime) {
    inject(forGood ? "crash-stop" : "crash", agent.id(), "");
    if (forGood) {
      agent.crashedForGood = true;
      agent.downFrom = now();
      agent.downUntil = HORIZON * 2;
      return;
    }
    agent.downFrom = now();
    agent.downUntil = now() + downtime;
    at(agent.downUntil, () -> {
      agent.incarnation++;
      coordinator.handle(new Input.AgentJoined(agent.spec, agent.incarnation));
      trace("# agent " + agent.id() + " is back as incarnation " + agent.incarnation);
    });
  }

  /**
   * The partition heals: what the agent sent arrives late (its heartbeats resume by themselves).
   * If the coordinator restarted meanwhile it never heard of the agent, which registers again, as
   * a remote worker does when it reconnects; else no crash of it could ever be detected.
   */
  private void heal(SimAgent agent) {
    trace("# partition of " + agent.id() + " heals, delivering " + agent.outbox.size() + " late messages");
    var late = List.copyOf(agent.outbox);
    agent.outbox.clear();
    late.forEach(coordinator::handle);
    if (coordinator.agentHealth(agent.id()).isEmpty()) {
      agent.incarnation++;
      trace("# " + agent.id() + " reconnects to the restarted coordinator as incarnation " + agent.incarnation);
      coordinator.handle(new Input.AgentJoined(agent.spec, agent.incarnation));
    }
  }

  private void scheduleHeartbeats(SimAgent agent, long first) {
    at(now() + first, () -> {
      long t = now();
      if (!agent.isDown(t) && !agent.isPaused(t) && !agent.isPartitioned(t)) {
        coordinator.handle(new Input.Heartbeat(agent.id(), agent.incarnation));
      }
      // Heartbeats are never perfectly regular: ±4% jitter.
      long interval = config.heartbeatInterval().toNanos();
      scheduleHeartbeats(agent, interval - interval / 25 + random.nextLong(interval / 12 + 1));
    });
  }

  // ---------------------------------------------------------------- the shell

  private Coordinator newCoordinator() {
    return new Coordinator(config, Map.of(workflow.name(), workflow), clock, clock,
        new SplittableRandom(seed * 31 + restarts.size()));
  }

  private void drainAndCommit() {
    Effects effects = coordinator.drain();
    effects.events().forEach(e -> trace.add(EventJson.encode(e)));
    if (!crashAt.isEmpty() && now() >= crashAt.getFirst()) {
      crashAt.removeFirst();
      boolean afterCommit = random.nextBoolean();
      if (afterCommit) {
        store.commit(effects.writes());
        committed.addAll(effects.events());
      }
      inject("coordinator-crash", "", "");
      trace("# coordinator crashes " + (afterCommit ? "after" : "before") + " committing its batch");
      restartCoordinator();
      return;
    }
    store.commit(effects.writes());
    committed.addAll(effects.events());
    for (var cancel : effects.cancels()) {
      var attempt = attempts.get(cancel.key());
      if (attempt != null) {
        attempt.cancelled = true;
      }
    }
    effects.dispatches().forEach(this::startAttempt);
    for (String evicted : effects.evictions()) {
      var agent = agents.get(evicted);
      if (!agent.isDown(now())) {
        agent.incarnation++;
        trace("# " + evicted + " learns it was declared dead and rejoins as incarnation " + agent.incarnation);
        coordinator.handle(new Input.AgentJoined(agent.spec, agent.incarnation));
      }
    }
    for (var ack : effects.acks()) {
      String key = pendingSubmits.remove(ack.ticket());
      if (key != null) {
        acked.add(key);
      }
    }
    for (var refusal : effects.refusals()) {
      String key = pendingSubmits.remove(refusal.ticket());
      if (key != null) {
        trace("# submit of " + key + " refused: " + refusal.error().getMessage());
      }
    }
  }

  /** A fresh coordinator rebuilt from the store, as LifelineEngine.start does after a crash. */
  private void restartCoordinator() {
    restarts.add(now());
    coordinator = newCoordinator();
    coordinator.learnLatencies(store.latencies());
    for (var agent : agents.values()) {
      if (!agent.isDown(now()) && !agent.isPartitioned(now())) {
        agent.incarnation++;
        coordinator.handle(new Input.AgentJoined(agent.spec, agent.incarnation));
      }
    }
    RecoveredJobs.load(store).forEach(coordinator::restore);
    var unanswered = List.copyOf(pendingSubmits.values());
    pendingSubmits.clear();
    for (String key : unanswered) {
      at(now() + 100 * MS, () -> submit(key));
    }
    drainAndCommit();
  }

  /** A client submits with the job's key as idempotency key; a known key counts as answered. */
  private void submit(String key) {
    if (store.jobByIdempotencyKey(key).isPresent()) {
      acked.add(key);
      return;
    }
    long t = ++ticket;
    pendingSubmits.put(t, key);
    coordinator.handle(new Input.Submit(t, key, workflow.name(), Map.of("topic", key), key, null));
  }

  private boolean finished() {
    return acked.size() == jobKeys.size() && store.unfinishedJobs().isEmpty();
  }

  // ---------------------------------------------------------------- attempts

  private void startAttempt(Effects.Dispatch dispatch) {
    var agent = agents.get(dispatch.agentId());
    String stepId = dispatch.key().stepId();
    var attempt = new SimAttempt(dispatch.key(), agent, Scenario.chunks(stepId), now());
    attempts.put(dispatch.key(), attempt);
    if (agent.isDown(now())) {
      attempt.dead = true; // sent to a process that is gone: nobody will ever answer
      return;
    }
    int from = 0;
    if (dispatch.resume()) {
      from = (int) Checkpoints.restore(store.checkpoints(dispatch.key().jobId(), stepId))
          .map(RestoredState::progress).orElse(0L).longValue();
    }
    // Per-attempt faults come from (seed, attempt): the same for every policy run on this seed.
    var draw = new SplittableRandom(seed ^ (dispatch.key().toString().hashCode() * 0x9E3779B97F4A7C15L));
    double u = draw.nextDouble();
    String provider = agent.spec.quotaGroup();
    if (stormUntilByProvider.getOrDefault(provider, 0L) > now()) {
      long left = stormUntilByProvider.get(provider) - now();
      attempt.failAt = from;
      attempt.failure = Failure.rateLimited("429 Too Many Requests", Duration.ofNanos(Math.min(left, Duration.ofSeconds(10).toNanos())));
    } else if (u < scenario.hang()) {
      attempt.hangAt = from + draw.nextInt(Math.max(1, attempt.total - from));
    } else if ((u -= scenario.hang()) < scenario.transientError()) {
      attempt.failAt = from + draw.nextInt(Math.max(1, attempt.total - from));
      attempt.failure = Failure.of(FailureKind.TRANSIENT, "503 Service Unavailable");
    } else if ((u -= scenario.transientError()) < scenario.oom() && stepId.equals("picture") && dispatch.variant() == 0) {
      attempt.failAt = from + 1;
      attempt.failure = Failure.of(FailureKind.RESOURCE_EXHAUSTED, "CUDA out of memory");
    }
    if (draw.nextDouble() < scenario.slowTail()) {
      // Pareto(alpha = 1.2) from 3x: mostly a few times slower, sometimes past the deadline.
      attempt.slowness = Math.min(60, 3 / Math.pow(1 - draw.nextDouble(), 1 / 1.2));
      inject("slow", agent.id(), dispatch.key().toString());
    }
    attempt.lowQuality = agent.inLowQualityEpisode(now()) && !stepId.equals("check");
    int first = from;
    at(now() + chunkTime(attempt), () -> chunk(attempt, first));
  }

  private void chunk(SimAttempt attempt, int i) {
    if (attempt.cancelled || attempt.dead) {
      return;
    }
    var agent = attempt.agent;
    long t = now();
    if (agent.isDown(t) || agent.crashedSince(attempt.startedAt)) {
      attempt.dead = true; // the process that ran it died, even if a new one is up by now
      return;
    }
    if (agent.isPaused(t)) {
      at(agent.pauseUntil, () -> chunk(attempt, i));
      return;
    }
    if (attempt.hangAt == i) {
      attempt.dead = true;
      inject("hang", agent.id(), attempt.key.toString());
      return;
    }
    if (attempt.failAt == i) {
      inject(label(attempt.failure.kind()), agent.id(), attempt.key.toString());
      send(agent, new Input.AttemptFailed(attempt.key, attempt.failure, i));
      attempt.dead = true;
      return;
    }
    chunksRun++;
    int done = i + 1;
    send(agent, new Input.AttemptHeartbeat(attempt.key));
    if (attempt.key.stepId().equals("write") && done % 5 == 0 && done < attempt.total) {
      var kind = attempt.checkpointedOnce ? CheckpointKind.DELTA : CheckpointKind.FULL;
      attempt.checkpointedOnce = true;
      byte[] state = ("chunks " + done).getBytes(StandardCharsets.UTF_8);
      send(agent, new Input.CheckpointOffered(++ticket, attempt.key, kind, state, done));
    }
    if (done < attempt.total) {
      at(now() + chunkTime(attempt), () -> chunk(attempt, done));
      return;
    }
    attempt.dead = true;
    if (attempt.lowQuality) {
      // Long writing drifts off style; short pieces are simply poor.
      boolean drift = attempt.key.stepId().equals("write");
      inject(drift ? "drift" : "low-quality", agent.id(), attempt.key.toString());
      var failure = drift ? Failure.of(FailureKind.DRIFT, "style distance 0.71 > 0.5")
          : Failure.of(FailureKind.LOW_QUALITY, "score 0.12 < 0.5");
      send(agent, new Input.AttemptFailed(attempt.key, failure, done));
    } else {
      // The text names who made it, so the checker can tell which attempt's output was kept.
      send(agent, new Input.AttemptSucceeded(attempt.key, Output.text(producedBy(attempt.key, agent.id()))));
    }
  }

  static String producedBy(AttemptKey key, String agentId) {
    return key.stepId() + " attempt " + key.attempt() + " by " + agentId;
  }

  private long chunkTime(SimAttempt attempt) {
    return (long) (CHUNK * attempt.slowness);
  }

  /** What an agent sends reaches the coordinator at once, unless it is partitioned away. */
  private void send(SimAgent agent, Input input) {
    if (agent.isPartitioned(now())) {
      agent.outbox.add(input);
    } else {
      coordinator.handle(input);
    }
  }

  private static String label(FailureKind kind) {
    return switch (kind) {
      case RATE_LIMITED -> "ratelimit";
      case RESOURCE_EXHAUSTED -> "oom";
      default -> kind.name().toLowerCase();
    };
  }

  // ---------------------------------------------------------------- helpers

  private long now() {
    return clock.read() - start;
  }

  private void at(long offset, Runnable action) {
    queue.add(new Scheduled(offset, seq++, action));
  }

  private void inject(String kind, String agentId, String attemptKey) {
    injections.add(new Injection(kind, agentId, attemptKey, now()));
    trace("# inject " + kind + (agentId.isEmpty() ? "" : " on " + agentId)
        + (attemptKey.isEmpty() ? "" : " at " + attemptKey));
  }

  private void trace(String line) {
    trace.add(String.format("%10.3f %s", now() / 1e9, line));
  }

  /** For each agent, the offsets at which it was down: [from, until) pairs. */
  private Map<String, long[]> downIntervals() {
    var intervals = new TreeMap<String, long[]>();
    for (var agent : agents.values()) {
      if (agent.downFrom != SimAgent.NEVER) {
        intervals.put(agent.id(), new long[] {agent.downFrom, agent.downUntil});
      }
    }
    return intervals;
  }
}
