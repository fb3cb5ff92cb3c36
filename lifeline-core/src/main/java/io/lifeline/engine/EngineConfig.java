package io.lifeline.engine;

import io.lifeline.checkpoint.Checkpoints;
import io.lifeline.detect.DetectorConfig;
import io.lifeline.detect.FailureDetectorFactory;
import io.lifeline.recovery.RecoveryPlanner;
import io.lifeline.recovery.RecoveryPolicy;
import io.lifeline.store.Budget;
import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of one engine.
 *
 * @param detectors makes the failure detector of each agent that joins
 * @param heartbeatInterval how often hosts send heartbeats for their in-process agents
 * @param detectorCheckInterval how often detectors are consulted; bounds the detection error
 * @param maxActiveJobs jobs waiting or running, past which {@code submit} refuses as overloaded
 * @param checkpointKeepLast checkpoints kept per step
 * @param commitMode one transaction per batch of inputs, or per transition (for comparison only)
 * @param defaultBudget for jobs submitted without one
 * @param recovery decides how failed attempts recover
 * @param maxQueueWait how long a ready step may wait for a usable agent before it is dead-lettered
 *     as NO_CAPACITY (every compatible agent dead or missing): without it, I2 would hang on an
 *     outage
 * @param resumeFromCheckpoints whether new attempts resume from the step's latest checkpoint (I5);
 *     off only to measure what resuming saves
 */
public record EngineConfig(
    FailureDetectorFactory detectors,
    Duration heartbeatInterval,
    Duration detectorCheckInterval,
    int maxActiveJobs,
    int checkpointKeepLast,
    CommitMode commitMode,
    Budget defaultBudget,
    RecoveryPolicy recovery,
    boolean resumeFromCheckpoints,
    Duration maxQueueWait) {

  /**
   * Thirty minutes: far longer than any cool-down or agent restart, short enough that an outage
   * ends jobs with a reason within the hour instead of never.
   */
  public static final Duration DEFAULT_MAX_QUEUE_WAIT = Duration.ofMinutes(30);

  /** How the shell groups writes into transactions. */
  public enum CommitMode {
    /** One transaction per batch of inputs (group commit): the default. */
    BATCH,
    /** One transaction per write: only to measure what group commit saves. */
    PER_WRITE
  }

  public EngineConfig {
    Objects.requireNonNull(detectors, "detectors");
    positive("heartbeatInterval", heartbeatInterval);
    positive("detectorCheckInterval", detectorCheckInterval);
    if (maxActiveJobs < 1) {
      throw new IllegalArgumentException("maxActiveJobs must be >= 1, was " + maxActiveJobs);
    }
    if (checkpointKeepLast < 1) {
      throw new IllegalArgumentException("checkpointKeepLast must be >= 1, was " + checkpointKeepLast);
    }
    Objects.requireNonNull(commitMode, "commitMode");
    Objects.requireNonNull(defaultBudget, "defaultBudget");
    Objects.requireNonNull(recovery, "recovery");
    positive("maxQueueWait", maxQueueWait);
  }

  /** {@link #defaults(FailureDetectorFactory)} with the default phi-accrual detector. */
  public static EngineConfig defaults() {
    return defaults(DetectorConfig.defaults());
  }

  /** The defaults below with the given detector and its heartbeat interval. */
  public static EngineConfig defaults(DetectorConfig detector) {
    var base = defaults(detector.factory());
    return new EngineConfig(detector.factory(), detector.heartbeatInterval(), base.detectorCheckInterval(),
        base.maxActiveJobs(), base.checkpointKeepLast(), base.commitMode(), base.defaultBudget(),
        RecoveryPlanner.DEFAULT, true, DEFAULT_MAX_QUEUE_WAIT);
  }

  /**
   * Defaults for in-process agents: heartbeats every 500 ms, detectors checked every 50 ms (a
   * tenth of the heartbeat, so checking adds at most 50 ms to detection), 100,000 active jobs
   * (about 60 MB of coordinator state), the last 5 checkpoints per step.
   */
  public static EngineConfig defaults(FailureDetectorFactory detectors) {
    return new EngineConfig(detectors, Duration.ofMillis(500), Duration.ofMillis(50), 100_000,
        Checkpoints.DEFAULT_KEEP_LAST, CommitMode.BATCH, Budget.DEFAULT, RecoveryPlanner.DEFAULT, true, DEFAULT_MAX_QUEUE_WAIT);
  }

  public EngineConfig withMaxActiveJobs(int max) {
    return new EngineConfig(detectors, heartbeatInterval, detectorCheckInterval, max,
        checkpointKeepLast, commitMode, defaultBudget, recovery, resumeFromCheckpoints, maxQueueWait);
  }

  public EngineConfig withCommitMode(CommitMode mode) {
    return new EngineConfig(detectors, heartbeatInterval, detectorCheckInterval, maxActiveJobs,
        checkpointKeepLast, mode, defaultBudget, recovery, resumeFromCheckpoints, maxQueueWait);
  }

  public EngineConfig withMaxQueueWait(Duration wait) {
    return new EngineConfig(detectors, heartbeatInterval, detectorCheckInterval, maxActiveJobs,
        checkpointKeepLast, commitMode, defaultBudget, recovery, resumeFromCheckpoints, wait);
  }

  /** The same engine with another recovery policy and checkpoint resumption (for comparisons). */
  public EngineConfig withRecovery(RecoveryPolicy policy, boolean resume) {
    return new EngineConfig(detectors, heartbeatInterval, detectorCheckInterval, maxActiveJobs,
        checkpointKeepLast, commitMode, defaultBudget, policy, resume, maxQueueWait);
  }

  private static void positive(String field, Duration value) {
    Objects.requireNonNull(value, field);
    if (value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(field + " must be positive, was " + value);
    }
  }
}
