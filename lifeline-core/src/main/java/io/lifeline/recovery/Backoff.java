package io.lifeline.recovery;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: the wait before retry {@code n} is drawn uniformly from
 * {@code [0, min(cap, base × 2^(n-1)))}, the "full jitter" of Marc Brooker's AWS Architecture Blog
 * post "Exponential Backoff and Jitter" (2015), whose {@code attempt} counts from 0 where
 * {@code retryNumber} here counts from 1.
 *
 * <p>Why full jitter: agents of one provider tend to fail together (an outage, a quota reset), and
 * retries with a fixed or merely perturbed schedule come back together and knock the provider over
 * again. Drawing from the whole range spreads them the most evenly; of the variants in that post
 * it does the least total work, at the price of sometimes retrying almost at once.
 *
 * <p>Pure: randomness comes in as a parameter, so a seeded generator gives the same delays
 * (the simulator's "same seed, same run"). Overflow-safe for any retry number: the ceiling
 * saturates at {@code cap} instead of doubling past {@code Long.MAX_VALUE} nanoseconds, and
 * durations longer than that (about 292 years) count as that long.
 */
public final class Backoff {

  /** The longest duration a {@code long} of nanoseconds holds. */
  private static final Duration MAX_NANOS = Duration.ofNanos(Long.MAX_VALUE);

  private Backoff() {}

  /**
   * The largest wait before retry {@code retryNumber}: {@code min(cap, base × 2^(retryNumber-1))}.
   *
   * @param retryNumber 1 for the first retry (the wait before the second attempt), 2 for the next
   * @param base the ceiling for the first retry; zero means no backoff at all
   * @param cap the ceiling no retry exceeds
   * @throws IllegalArgumentException if {@code retryNumber < 1} or a duration is negative
   */
  public static Duration ceiling(int retryNumber, Duration base, Duration cap) {
    return Duration.ofNanos(ceilingNanos(retryNumber, base, cap));
  }

  /**
   * A wait before retry {@code retryNumber}, uniform in {@code [0, ceiling)} (zero when the
   * ceiling is zero): never negative, never above {@code cap}.
   *
   * @param retryNumber 1 for the first retry (the wait before the second attempt), 2 for the next
   * @param base the ceiling for the first retry; zero means no backoff at all
   * @param cap the ceiling no retry exceeds
   * @param random the source of the jitter; one draw per call
   * @throws IllegalArgumentException if {@code retryNumber < 1} or a duration is negative
   */
  public static Duration delay(int retryNumber, Duration base, Duration cap, RandomGenerator random) {
    Objects.requireNonNull(random, "random");
    long ceiling = ceilingNanos(retryNumber, base, cap);
    return ceiling == 0 ? Duration.ZERO : Duration.ofNanos(random.nextLong(ceiling));
  }

  private static long ceilingNanos(int retryNumber, Duration base, Duration cap) {
    if (retryNumber < 1) {
      throw new IllegalArgumentException("retryNumber must be >= 1, was " + retryNumber);
    }
    long baseNanos = saturatedNanos("base", base);
    long capNanos = saturatedNanos("cap", cap);
    if (baseNanos == 0) {
      return 0;
    }
    int doublings = retryNumber - 1;
    // base << doublings stays a positive long while the top bit it moves stays below bit 63.
    if (doublings >= Long.numberOfLeadingZeros(baseNanos)) {
      return capNanos;
    }
    return Math.min(capNanos, baseNanos << doublings);
  }

  private static long saturatedNanos(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, was " + value);
    }
    return value.compareTo(MAX_NANOS) >= 0 ? Long.MAX_VALUE : value.toNanos();
  }
}
