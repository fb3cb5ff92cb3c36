package io.lifeline.agents.chaos;

import io.lifeline.agents.Cancellation;
import io.lifeline.time.Sleeper;
import io.lifeline.model.Agent;
import io.lifeline.model.AgentSpec;
import io.lifeline.model.AttemptContext;
import io.lifeline.model.Output;
import io.lifeline.time.Ticker;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wraps an agent and injects the faults a {@link ChaosProfile} plans for each attempt (see
 * {@link Fault} for what each does), logging every one that takes effect to a {@link ChaosLog}.
 * It presents the delegate's spec, so the runtime cannot tell it apart from the real agent.
 *
 * <p>Crash model: a crash takes the whole agent down for the profile's downtime, measured on the
 * injected ticker. While down, {@link #isAlive()} is false (its host stops heartbeating for it),
 * every in-flight attempt blocks at its next heartbeat or checkpoint, and a new attempt blocks at
 * once; blocked attempts stay blocked until cancelled or interrupted, as a dead process's work
 * never resumes. After the downtime the agent is alive and takes work again.
 *
 * <p>Thread-safe up to the delegate's concurrency.
 */
public final class ChaosAgent implements Agent {

  /** How often a blocked attempt looks for cancellation: prompt enough for the runtime's reaper. */
  static final Duration BLOCK_POLL = Duration.ofMillis(50);

  private final Agent delegate;
  private final ChaosProfile profile;
  private final ChaosLog log;
  private final Ticker ticker;
  private final Sleeper sleeper;
  private final AtomicLong runs = new AtomicLong();
  /** Forced faults that found nothing to spoil on their run: the next unforced runs take them. */
  private final Queue<Fault> owed = new ConcurrentLinkedQueue<>();
  private final Object crashLock = new Object();
  private boolean crashed;
  private long downUntilNanos;

  /**
   * @param delegate the agent to break
   * @param profile what to inject
   * @param log where injections are recorded; share one among all chaos agents of a run
   * @param ticker the clock of downtimes, slowness and injection times: the runtime's ticker
   * @param sleeper how blocked and slow attempts wait
   */
  public ChaosAgent(Agent delegate, ChaosProfile profile, ChaosLog log, Ticker ticker, Sleeper sleeper) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.profile = Objects.requireNonNull(profile, "profile");
    this.log = Objects.requireNonNull(log, "log");
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
  }

  /** On the system ticker, sleeping for real. */
  public ChaosAgent(Agent delegate, ChaosProfile profile, ChaosLog log) {
    this(delegate, profile, log, Ticker.system(), Sleeper.system());
  }

  @Override
  public AgentSpec spec() {
    return delegate.spec();
  }

  /** False while crashed (for the profile's downtime after a crash), else the delegate's. */
  @Override
  public boolean isAlive() {
    return !isDown() && delegate.isAlive();
  }

  @Override
  public Output run(AttemptContext context) throws Exception {
    blockWhileDown(context);
    Optional<ChaosProfile.Plan> plan =
        profile.plan(runs.incrementAndGet(), context.jobId(), context.stepId(), context.attempt());
    if (plan.isEmpty() || !plan.get().forced()) {
      Fault debt = owed.poll();
      if (debt != null) {
        plan = Optional.of(new ChaosProfile.Plan(debt, 0, true));
      }
    }
    return new ChaosAttempt(this, context, plan).run();
  }

  private boolean isDown() {
    synchronized (crashLock) {
      return crashed && downUntilNanos - ticker.read() > 0;
    }
  }

  void crash() {
    synchronized (crashLock) {
      crashed = true;
      downUntilNanos = ticker.read() + profile.downtime().toNanos();
    }
  }

  /** A crashed agent does no more work: the attempt waits here until it is given up. */
  void blockWhileDown(AttemptContext context) throws InterruptedException {
    if (isDown()) {
      blockUntilCancelled(context);
    }
  }

  /**
   * Never returns normally.
   *
   * @throws InterruptedException when interrupted
   * @throws java.util.concurrent.CancellationException once the attempt is cancelled
   */
  void blockUntilCancelled(AttemptContext context) throws InterruptedException {
    while (true) {
      Cancellation.check(context);
      sleeper.sleep(BLOCK_POLL);
    }
  }

  void record(Fault fault, AttemptContext context, int afterHeartbeats) {
    log.add(new Injection(fault, delegate.spec().id(), context.jobId(), context.stepId(), context.attempt(),
        ticker.read(), afterHeartbeats));
  }

  /** A forced {@code fault} could not strike: the agent's next unforced run gets it. */
  void owe(Fault fault) {
    owed.add(fault);
  }

  Agent delegate() {
    return delegate;
  }

  ChaosProfile profile() {
    return profile;
  }

  Ticker ticker() {
    return ticker;
  }

  Sleeper sleeper() {
    return sleeper;
  }
}
