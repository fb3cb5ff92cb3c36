package io.lifeline.agents.chaos;

import io.lifeline.agents.Cancellation;
import io.lifeline.checkpoint.CheckpointKind;
import io.lifeline.checkpoint.RestoredState;
import io.lifeline.model.AgentFailureException;
import io.lifeline.model.AttemptContext;
import io.lifeline.model.Failure;
import io.lifeline.model.FailureKind;
import io.lifeline.model.Output;
import io.lifeline.model.Usage;
import io.lifeline.time.Ticker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * One attempt under chaos: the context the delegate sees. It forwards everything to the real
 * context, blocks while the agent is down, counts the delegate's heartbeats, and strikes the
 * planned fault, if any, at the planned moment — before the delegate starts, inside the
 * delegate's heartbeat call after {@code tripAfter} heartbeats got through (so the fault surfaces
 * from the delegate's own stack, as a real one would), or on the delegate's output.
 *
 * <p>Used by one thread, the attempt's; only the agent's crash state is shared. Nothing blocks
 * inside a monitor: a virtual thread would pin its carrier for as long as it hangs.
 */
final class ChaosAttempt implements AttemptContext {

  /** Often enough that a slow attempt never looks silent to a no-progress deadline. */
  static final Duration SLOW_PACE = Duration.ofMillis(250);

  private final ChaosAgent agent;
  private final AttemptContext context;
  /** Empty when no fault is planned: the attempt still dies with the agent if another one crashes it. */
  private final Optional<ChaosProfile.Plan> plan;
  private final long startNanos;
  private int heartbeats;
  private boolean struck;
  private boolean slow;

  ChaosAttempt(ChaosAgent agent, AttemptContext context, Optional<ChaosProfile.Plan> plan) {
    this.agent = agent;
    this.context = context;
    this.plan = plan;
    this.startNanos = agent.ticker().read();
  }

  Output run() throws Exception {
    if (planned(Fault.Strike.START) || (planned(Fault.Strike.MID_STREAM) && plan.get().tripAfter() == 0)) {
      strike();
    }
    Output output = agent.delegate().run(this);
    if (planned(Fault.Strike.MID_STREAM) && !struck) {
      strike(); // the delegate heartbeated less than planned: strike as it finishes
    }
    if (slow) {
      stretchToSlowness();
    }
    if (planned(Fault.Strike.END) && plan.get().fault() == Fault.STALL) {
      stall();
      return output;
    }
    return planned(Fault.Strike.END) ? spoiled(output) : output;
  }

  /**
   * Withholds the finished output for the profile's {@code lateBy}: no heartbeats, and deaf to cancellation
   * and interrupts (the flag is restored afterwards), as a call stuck in a socket write is.
   */
  private void stall() {
    agent.record(Fault.STALL, context, heartbeats);
    long end = agent.ticker().read() + agent.profile().lateBy().toNanos();
    boolean interrupted = false;
    for (long left; (left = end - agent.ticker().read()) > 0; ) {
      try {
        agent.sleeper().sleep(Duration.ofNanos(left));
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private boolean planned(Fault.Strike strike) {
    return plan.isPresent() && plan.get().fault().strike() == strike;
  }

  /** The START and MID_STREAM faults: each either throws, blocks for good, or turns slowness on. */
  private void strike() throws InterruptedException {
    struck = true;
    Fault fault = plan.orElseThrow().fault();
    agent.record(fault, context, heartbeats);
    switch (fault) {
      case CRASH -> {
        agent.crash();
        agent.blockUntilCancelled(context);
      }
      case HANG -> agent.blockUntilCancelled(context);
      case SLOW -> slow = true;
      case TRANSIENT -> throw new AgentFailureException(FailureKind.TRANSIENT,
          "503 Service Unavailable (chaos: injected after " + heartbeats + " heartbeats)");
      case RATE_LIMITED -> throw new AgentFailureException(
          Failure.rateLimited("429 Too Many Requests (chaos)", agent.profile().retryAfter()));
      case OOM -> throw new OutOfMemoryError(
          "simulated: Java heap space (chaos: injected after " + heartbeats + " heartbeats)");
      case EMPTY, LOW_QUALITY, DRIFT, STALL -> throw new IllegalStateException(fault + " strikes on the output");
    }
  }

  /** The END faults: the delegate's output, spoiled — or as it was when there is nothing to spoil. */
  private Output spoiled(Output output) {
    ChaosProfile.Plan planned = plan.orElseThrow();
    Optional<byte[]> spoilt = switch (planned.fault()) {
      case EMPTY -> Optional.of(new byte[0]);
      case LOW_QUALITY -> textOf(output).map(LowQualityText::replacing).map(ChaosAttempt::utf8);
      case DRIFT -> textOf(output).flatMap(DriftText::replacingTail).map(ChaosAttempt::utf8);
      case CRASH, HANG, SLOW, TRANSIENT, RATE_LIMITED, OOM, STALL ->
          throw new IllegalStateException(planned.fault() + " does not spoil the output");
    };
    if (spoilt.isEmpty()) {
      if (planned.forced()) {
        agent.owe(planned.fault()); // not an injection: a forced fault must still happen somewhere
      }
      return output;
    }
    agent.record(planned.fault(), context, heartbeats);
    return new Output(output.mediaType(), spoilt.get(), output.metadata(), output.usage());
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Only text can be degraded or drift; a picture or a JSON review has nothing to spoil. */
  private static Optional<String> textOf(Output output) {
    return output.mediaType().startsWith("text/") ? Optional.of(output.text()) : Optional.empty();
  }

  /** Keeps a slow attempt alive and heartbeating until it has taken the profile's slowness. */
  private void stretchToSlowness() throws InterruptedException {
    long slownessNanos = agent.profile().slowness().toNanos();
    long remaining;
    while ((remaining = slownessNanos - (agent.ticker().read() - startNanos)) > 0) {
      pause(Duration.ofNanos(Math.min(remaining, SLOW_PACE.toNanos())));
      agent.blockWhileDown(context);
      context.heartbeat();
    }
  }

  private void pause(Duration duration) throws InterruptedException {
    Cancellation.check(context);
    agent.sleeper().sleep(duration);
  }

  @Override
  public void heartbeat() {
    beat(context::heartbeat);
  }

  @Override
  public void progress(long units) {
    beat(() -> context.progress(units));
  }

  /** A heartbeat (with or without progress) is where mid-stream faults strike. */
  private void beat(Runnable forward) {
    uninterruptibly(() -> {
      agent.blockWhileDown(context);
      if (planned(Fault.Strike.MID_STREAM) && !struck && heartbeats == plan.get().tripAfter()) {
        strike();
      }
      heartbeats++;
      forward.run();
      if (slow) {
        pause(SLOW_PACE);
      }
    });
  }

  @Override
  public CompletableFuture<Void> checkpoint(CheckpointKind kind, byte[] state, long progress) {
    uninterruptibly(() -> agent.blockWhileDown(context));
    return context.checkpoint(kind, state, progress);
  }

  /**
   * Runs {@code action} from a method that cannot throw {@link InterruptedException}: an
   * interrupt becomes a {@link CancellationException} with the flag restored, so the delegate
   * unwinds and the runtime still sees the interrupt.
   */
  private static void uninterruptibly(InterruptibleAction action) {
    try {
      action.run();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      var cancelled = new CancellationException("interrupted while under chaos");
      cancelled.initCause(e);
      throw cancelled;
    }
  }

  @FunctionalInterface
  private interface InterruptibleAction {
    void run() throws InterruptedException;
  }

  // Everything else is the real context's.

  @Override
  public String jobId() {
    return context.jobId();
  }

  @Override
  public String stepId() {
    return context.stepId();
  }

  @Override
  public int attempt() {
    return context.attempt();
  }

  @Override
  public String idempotencyKey() {
    return context.idempotencyKey();
  }

  /** Forwarded, or a wrapped agent's spend before it failed would never reach the budget (I4). */
  @Override
  public void reportUsage(Usage soFar) {
    context.reportUsage(soFar);
  }

  @Override
  public String prompt() {
    return context.prompt();
  }

  @Override
  public Map<String, String> params() {
    return context.params();
  }

  @Override
  public Map<String, Output> inputs() {
    return context.inputs();
  }

  @Override
  public Map<String, String> jobInput() {
    return context.jobInput();
  }

  @Override
  public Optional<RestoredState> resumeFrom() {
    return context.resumeFrom();
  }

  @Override
  public Duration suggestedCheckpointInterval() {
    return context.suggestedCheckpointInterval();
  }

  @Override
  public boolean isCancelled() {
    return context.isCancelled();
  }

  @Override
  public Ticker ticker() {
    return context.ticker();
  }
}
