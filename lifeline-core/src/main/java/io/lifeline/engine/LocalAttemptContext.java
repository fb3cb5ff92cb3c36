package io.lifeline.engine;

import io.lifeline.checkpoint.CheckpointKind;
import io.lifeline.checkpoint.RestoredState;
import io.lifeline.model.AttemptContext;
import io.lifeline.model.Output;
import io.lifeline.model.Failure;
import io.lifeline.model.Usage;
import io.lifeline.time.Ticker;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** The context of one in-process attempt: everything it does becomes an input of the coordinator. */
final class LocalAttemptContext implements AttemptContext {

  /** Heartbeats closer than this are not forwarded: one per 100 ms is plenty for any deadline. */
  private static final long HEARTBEAT_SPACING_NANOS = Duration.ofMillis(100).toNanos();

  private final AttemptKey key;
  private final String prompt;
  private final Map<String, String> params;
  private final java.util.OptionalLong tokensLeft;
  private final Map<String, Output> inputs;
  private final Map<String, String> jobInput;
  private final Optional<RestoredState> resumeFrom;
  private final LifelineEngine engine;
  private final Ticker ticker;
  private final Supplier<Duration> checkpointInterval;
  private final AttemptStop stop;
  private volatile long progress;
  private volatile Usage usage = Usage.NONE;
  private long lastHeartbeatNanos;
  private boolean heartbeatSent;

  LocalAttemptContext(AttemptKey key, String prompt, Map<String, String> params, java.util.OptionalLong tokensLeft,
      Map<String, Output> inputs,
      Map<String, String> jobInput, Optional<RestoredState> resumeFrom, LifelineEngine engine, Ticker ticker,
      Supplier<Duration> checkpointInterval, AttemptStop stop) {
    this.key = key;
    this.prompt = prompt;
    this.params = Map.copyOf(params);
    this.tokensLeft = tokensLeft;
    this.inputs = Map.copyOf(inputs);
    this.jobInput = Map.copyOf(jobInput);
    this.resumeFrom = resumeFrom;
    this.engine = engine;
    this.ticker = ticker;
    this.checkpointInterval = checkpointInterval;
    this.stop = stop;
    this.progress = resumeFrom.map(RestoredState::progress).orElse(0L);
  }

  AttemptKey key() {
    return key;
  }

  long lastProgress() {
    return progress;
  }

  /** Sends an input about this attempt to the coordinator (quality verdicts). */
  void report(Input input) {
    engine.offer(input);
  }

  Usage usageSoFar() {
    return usage;
  }

  @Override
  public void reportUsage(Usage soFar) {
    usage = soFar;
    engine.offer(new Input.UsageReported(key, soFar)); // the coordinator stops the job at its budget (I4)
  }

  @Override
  public java.util.OptionalLong tokensLeft() {
    return tokensLeft;
  }

  @Override
  public String jobId() {
    return key.jobId();
  }

  @Override
  public String stepId() {
    return key.stepId();
  }

  @Override
  public int attempt() {
    return key.attempt();
  }

  @Override
  public String prompt() {
    return prompt;
  }

  @Override
  public Map<String, String> params() {
    return params;
  }

  @Override
  public Map<String, Output> inputs() {
    return inputs;
  }

  @Override
  public Map<String, String> jobInput() {
    return jobInput;
  }

  @Override
  public Optional<RestoredState> resumeFrom() {
    return resumeFrom;
  }

  @Override
  public CompletableFuture<Void> checkpoint(CheckpointKind kind, byte[] state, long units) {
    progress = Math.max(progress, units);
    return engine.offerCheckpoint(key, kind, state.clone(), units).thenApply(seq -> null);
  }

  @Override
  public synchronized void heartbeat() {
    long now = ticker.read();
    if (heartbeatSent && now - lastHeartbeatNanos < HEARTBEAT_SPACING_NANOS) {
      return;
    }
    heartbeatSent = true;
    lastHeartbeatNanos = now;
    engine.offer(new Input.AttemptHeartbeat(key));
  }

  @Override
  public void progress(long units) {
    progress = Math.max(progress, units);
    heartbeat();
  }

  @Override
  public Duration suggestedCheckpointInterval() {
    return checkpointInterval.get();
  }

  @Override
  public boolean isCancelled() {
    return stop.stopped() || Thread.currentThread().isInterrupted();
  }

  @Override
  public Optional<Failure> cancelledFor() {
    return stop.charged();
  }

  @Override
  public Ticker ticker() {
    return ticker;
  }
}
