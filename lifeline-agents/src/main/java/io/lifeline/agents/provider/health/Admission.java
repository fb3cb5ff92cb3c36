package io.lifeline.agents.provider.health;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.lifeline.model.Failure;
import io.lifeline.recovery.RecoveryPlanner;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One call let through by {@link ProviderHealth#admit}: the agent reports how it went, exactly once,
 * with {@link #finish} or {@link #abandon}. Calls after the first report are ignored, so a
 * {@code finally} block may abandon an admission that was already finished.
 *
 * <p>The call's duration, which the breaker compares with its slow-call threshold, runs from the
 * admission to the provider's first response ({@link #responded}), or to the report if there was none.
 */
public final class Admission {

  private final ProviderHealth health;
  private final String group;
  private final CircuitBreaker circuit;
  private final long startNanos;
  private long respondedNanos;
  private boolean responded;
  private boolean reported;

  Admission(ProviderHealth health, String group, CircuitBreaker circuit, long startNanos) {
    this.health = health;
    this.group = group;
    this.circuit = circuit;
    this.startNanos = startNanos;
  }

  /** Marks the provider's first response (the first token): the end of the call's measured duration. */
  public synchronized void responded() {
    if (!responded) {
      responded = true;
      respondedNanos = health.ticker().read();
    }
  }

  /**
   * Reports the call's outcome: empty for success, else its classified failure (see
   * {@link ProviderHealth} for what each kind does).
   */
  public synchronized void finish(Optional<Failure> failure) {
    if (reported) {
      return;
    }
    reported = true;
    long nanos = (responded ? respondedNanos : health.ticker().read()) - startNanos;
    if (failure.isEmpty()) {
      circuit.onSuccess(nanos, TimeUnit.NANOSECONDS);
      return;
    }
    switch (failure.get().kind()) {
      case RATE_LIMITED -> {
        circuit.releasePermission();
        health.coolFor(group, failure.get().retryAfter().orElse(RecoveryPlanner.DEFAULT_RATE_LIMIT_WAIT));
      }
      case TRANSIENT, TIMEOUT, AGENT_LOST ->
          circuit.onError(nanos, TimeUnit.NANOSECONDS, new ProviderUnhealthy(failure.get().kind().name()));
      case RESOURCE_EXHAUSTED, INVALID_OUTPUT, LOW_QUALITY, DRIFT, UNSAFE, REFUSED, PERMANENT ->
          circuit.onSuccess(nanos, TimeUnit.NANOSECONDS);
    }
  }

  /** The call was cancelled before it had an outcome: it tells nothing about the provider. */
  public synchronized void abandon() {
    if (!reported) {
      reported = true;
      circuit.releasePermission();
    }
  }

  /** What the breaker records as the error of a failed call; carries no provider text. */
  static final class ProviderUnhealthy extends RuntimeException {
    ProviderUnhealthy(String kind) {
      super(kind, null, false, false);
    }
  }
}
