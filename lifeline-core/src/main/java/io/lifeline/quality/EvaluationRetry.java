package io.lifeline.quality;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link QuorumEvaluator} that could not decide — too many evaluators abstained — asks the
 * abstaining ones again before it gives up. The votes already cast stand: a judge that answered is
 * not asked twice. Round {@code n + 1} starts {@code backoff · 2^(n-1)} after round {@code n}
 * ended undecided.
 *
 * @param retries rounds after the first; 0 gives up at once
 * @param backoff the wait before the second round
 */
public record EvaluationRetry(int retries, Duration backoff) {

  /** Gives up after the first round. */
  public static final EvaluationRetry NONE = new EvaluationRetry(0, Duration.ofSeconds(1));

  /**
   * Two more rounds, after 1 s and 2 s: a judge's blip (a 5xx, a reset connection, a provider
   * failing over) usually clears within seconds, and 3 s of waiting is little next to writing the
   * output again. A longer outage is the step's recovery's to handle, with its own backoff and
   * attempt limit.
   */
  public static final EvaluationRetry DEFAULT = new EvaluationRetry(2, Duration.ofSeconds(1));

  /** Beyond this many retries the gate holds its attempt longer than any judge outage is worth. */
  static final int MAX_RETRIES = 10;

  public EvaluationRetry {
    if (retries < 0 || retries > MAX_RETRIES) {
      throw new IllegalArgumentException("retries must be within [0, " + MAX_RETRIES + "], was " + retries);
    }
    Objects.requireNonNull(backoff, "backoff");
    if (backoff.isNegative()) {
      throw new IllegalArgumentException("backoff cannot be negative: " + backoff);
    }
  }

  /** The wait before round {@code round} (2 or later). */
  public Duration delayBefore(int round) {
    if (round < 2) {
      throw new IllegalArgumentException("only rounds after the first wait, was round " + round);
    }
    return backoff.multipliedBy(1L << (round - 2));
  }
}
