package io.lifeline.agents;

import io.lifeline.checkpoint.Checkpoint;
import io.lifeline.checkpoint.CheckpointKind;
import io.lifeline.checkpoint.Checkpoints;
import io.lifeline.checkpoint.RestoredState;
import io.lifeline.model.AttemptContext;
import io.lifeline.model.Output;
import io.lifeline.time.ManualClock;
import io.lifeline.time.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An attempt context for tests: records heartbeats and checkpoints, runs on a {@link ManualClock},
 * and can cancel itself after a number of heartbeats or at a clock reading.
 */
public final class FakeAttemptContext implements AttemptContext {

  private final ManualClock clock;
  private String jobId = "job-1";
  private String stepId = "draft";
  private int attempt = 1;
  private String prompt = "";
  private final Map<String, String> params = new HashMap<>();
  private final Map<String, Output> inputs = new HashMap<>();
  private final Map<String, String> jobInput = new HashMap<>();
  private Optional<RestoredState> resumeFrom = Optional.empty();
  private Duration checkpointInterval = Duration.ofMinutes(10);
  private final List<Checkpoint> checkpoints = new ArrayList<>();
  private int checkpointCalls;
  private int refusedCheckpoint;
  private final AtomicInteger heartbeats = new AtomicInteger();
  private final AtomicBoolean cancelled = new AtomicBoolean();
  private int cancelAfterHeartbeats = Integer.MAX_VALUE;
  private long cancelAtNanos;
  private boolean cancelAtSet;
  private Runnable onCancelCheck = () -> {};

  public FakeAttemptContext(ManualClock clock) {
    this.clock = clock;
  }

  public FakeAttemptContext() {
    this(new ManualClock());
  }

  public FakeAttemptContext ids(String job, String step, int attemptNumber) {
    jobId = job;
    stepId = step;
    attempt = attemptNumber;
    return this;
  }

  public FakeAttemptContext prompt(String value) {
    prompt = value;
    return this;
  }

  public FakeAttemptContext param(String key, String value) {
    params.put(key, value);
    return this;
  }

  public FakeAttemptContext input(String step, Output output) {
    inputs.put(step, output);
    return this;
  }

  public FakeAttemptContext jobInput(String key, String value) {
    jobInput.put(key, value);
    return this;
  }

  public FakeAttemptContext resumeFrom(RestoredState state) {
    resumeFrom = Optional.of(state);
    return this;
  }

  /** The {@code n}th checkpoint (from 1) is refused: not recorded, its future failed. */
  public FakeAttemptContext refuseCheckpoint(int n) {
    refusedCheckpoint = n;
    return this;
  }

  public FakeAttemptContext checkpointInterval(Duration value) {
    checkpointInterval = value;
    return this;
  }

  /** The attempt is cancelled once {@code count} heartbeats arrived. */
  public FakeAttemptContext cancelAfterHeartbeats(int count) {
    cancelAfterHeartbeats = count;
    return this;
  }

  /** The attempt is cancelled once the clock has moved {@code after} from now. */
  public FakeAttemptContext cancelAfter(Duration after) {
    cancelAtNanos = clock.read() + after.toNanos();
    cancelAtSet = true;
    return this;
  }

  /** Runs on every {@link #isCancelled()} call, to observe an agent while it waits. */
  public FakeAttemptContext onCancelCheck(Runnable action) {
    onCancelCheck = action;
    return this;
  }

  public void cancel() {
    cancelled.set(true);
  }

  public int heartbeats() {
    return heartbeats.get();
  }

  public synchronized List<Checkpoint> checkpoints() {
    return List.copyOf(checkpoints);
  }

  /** What the next attempt would resume from, as the store would restore it. */
  public Optional<RestoredState> restored() {
    return Checkpoints.restore(checkpoints());
  }

  @Override
  public String jobId() {
    return jobId;
  }

  @Override
  public String stepId() {
    return stepId;
  }

  @Override
  public int attempt() {
    return attempt;
  }

  @Override
  public String prompt() {
    return prompt;
  }

  @Override
  public Map<String, String> params() {
    return Map.copyOf(params);
  }

  @Override
  public Map<String, Output> inputs() {
    return Map.copyOf(inputs);
  }

  @Override
  public Map<String, String> jobInput() {
    return Map.copyOf(jobInput);
  }

  @Override
  public Optional<RestoredState> resumeFrom() {
    return resumeFrom;
  }

  @Override
  public synchronized CompletableFuture<Void> checkpoint(CheckpointKind kind, byte[] state, long progress) {
    if (++checkpointCalls == refusedCheckpoint) {
      // As the coordinator refuses a DELTA that no longer extends the step's newest checkpoint.
      return CompletableFuture.failedFuture(new IllegalStateException("checkpoint " + checkpointCalls + " refused"));
    }
    long seq = resumeFrom.map(RestoredState::seq).orElse(0L) + checkpoints.size() + 1;
    checkpoints.add(new Checkpoint(jobId, stepId, attempt, seq, clock.instant(), kind, state.clone(), progress));
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void heartbeat() {
    if (heartbeats.incrementAndGet() >= cancelAfterHeartbeats) {
      cancelled.set(true);
    }
  }

  @Override
  public Duration suggestedCheckpointInterval() {
    return checkpointInterval;
  }

  @Override
  public boolean isCancelled() {
    onCancelCheck.run();
    return cancelled.get() || (cancelAtSet && clock.read() - cancelAtNanos >= 0);
  }

  @Override
  public Ticker ticker() {
    return clock;
  }
}
