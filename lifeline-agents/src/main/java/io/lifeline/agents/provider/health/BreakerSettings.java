package io.lifeline.agents.provider.health;

import java.time.Duration;
import java.util.Objects;

/**
 * How a provider/model's circuit breaker judges its health, over the last {@code window} calls.
 * A call's duration is its time to the first token (or to its answer when nothing streams): the
 * provider's responsiveness, independent of how long the answer is.
 *
 * @param window calls in the sliding window
 * @param minimumCalls calls needed before the breaker judges at all
 * @param failureRate percent of failed calls (TRANSIENT, TIMEOUT) that opens the breaker
 * @param slowCall a call slower than this counts as slow
 * @param slowCallRate percent of slow calls that opens the breaker
 * @param openFor how long an open breaker refuses calls before letting trial calls through
 * @param trialCalls calls let through while half-open; their outcome closes or reopens it
 */
public record BreakerSettings(
    int window, int minimumCalls, float failureRate, Duration slowCall, float slowCallRate, Duration openFor,
    int trialCalls) {

  /**
   * <ul>
   *   <li>window 20, minimum 5: five calls are enough to tell a dead endpoint from bad luck, and
   *       twenty keep one burst of 5xx from outliving the burst;
   *   <li>failure rate 50 %: past half the calls failing, a retry on another provider is the better
   *       bet; the coordinator's own retries absorb anything rarer;
   *   <li>slow call 30 s, slow rate 80 %: 30 s to the first token is an overloaded server (healthy
   *       ones answer in under 2 s, long prompts on local GPUs in under 20 s); 80 % so that a few
   *       long prompts do not count as an outage;
   *   <li>open 30 s: long enough for a restarting model server or a 5xx burst, short enough that a
   *       recovered provider is used again within a minute;
   *   <li>2 trial calls: one could be unlucky; two agreeing is a verdict.
   * </ul>
   */
  public static final BreakerSettings DEFAULT = new BreakerSettings(
      /* window= */ 20,
      /* minimumCalls= */ 5,
      /* failureRate= */ 50f,
      /* slowCall= */ Duration.ofSeconds(30),
      /* slowCallRate= */ 80f,
      /* openFor= */ Duration.ofSeconds(30),
      /* trialCalls= */ 2);

  public BreakerSettings {
    if (window < 1) {
      throw new IllegalArgumentException("window must be >= 1, was " + window);
    }
    if (minimumCalls < 1 || minimumCalls > window) {
      throw new IllegalArgumentException("minimumCalls must be in [1, window=" + window + "], was " + minimumCalls);
    }
    percent("failureRate", failureRate);
    percent("slowCallRate", slowCallRate);
    positive("slowCall", slowCall);
    positive("openFor", openFor);
    if (trialCalls < 1) {
      throw new IllegalArgumentException("trialCalls must be >= 1, was " + trialCalls);
    }
  }

  private static void percent(String field, float value) {
    if (!(value > 0 && value <= 100)) {
      throw new IllegalArgumentException(field + " must be in (0, 100], was " + value);
    }
  }

  private static void positive(String field, Duration value) {
    Objects.requireNonNull(value, field);
    if (value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(field + " must be positive, was " + value);
    }
  }
}
