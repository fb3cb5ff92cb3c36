package io.lifeline.model;

import io.lifeline.store.AttemptRecord;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The step's limits on trying again.
 *
 * @param maxAttempts attempts of the step in all, first one included (I4); rate-limited attempts
 *     count against the job's budget but not here, since they are not the step's fault
 * @param baseDelay backoff before the first retry; doubles each time (full jitter)
 * @param maxDelay the cap on one backoff
 * @param sameAgentRetries how many times a TRANSIENT failure is retried on the same agent before
 *     the agent is replaced
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, int sameAgentRetries) {

  /** Four attempts (three retries), as the seed article; 500 ms doubling to 30 s. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(4, Duration.ofMillis(500), Duration.ofSeconds(30), 2);

  public RetryPolicy {
    Objects.requireNonNull(baseDelay, "baseDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("retries must be >= 0, was " + (maxAttempts - 1));
    }
    if (baseDelay.isNegative()) {
      throw new IllegalArgumentException("backoff must not be negative, was " + baseDelay);
    }
    if (maxDelay.compareTo(baseDelay) < 0) {
      throw new IllegalArgumentException(
          "maxBackoff must be >= backoff, was " + maxDelay + " < " + baseDelay);
    }
    if (sameAgentRetries < 0) {
      throw new IllegalArgumentException("sameAgentRetries must be >= 0, was " + sameAgentRetries);
    }
  }

  /**
   * The attempts that count against {@link #maxAttempts}: every one started, by attempt number —
   * not the history, which misses attempts lost in an engine restart (hedges, fan-out branches)
   * though they ran (I4) — less the rate-limited ones in the history.
   *
   * @param attemptsStarted the step's newest attempt number
   */
  public static long counted(int attemptsStarted, List<AttemptRecord> history) {
    return attemptsStarted - history.stream().filter(r -> r.failure().orElse(null) == FailureKind.RATE_LIMITED).count();
  }

  public RetryPolicy withRetries(int retries) {
    return new RetryPolicy(retries + 1, baseDelay, maxDelay, sameAgentRetries);
  }
}
