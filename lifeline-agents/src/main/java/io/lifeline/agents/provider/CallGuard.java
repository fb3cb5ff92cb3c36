package io.lifeline.agents.provider;

import io.lifeline.agents.provider.health.Admission;
import io.lifeline.agents.provider.health.ProviderHealth;
import io.lifeline.model.AgentFailureException;
import io.lifeline.model.AttemptContext;
import io.lifeline.model.Failure;
import java.util.Optional;

/**
 * What every provider call does before and after: admission by {@link ProviderHealth}, and turning
 * whatever went wrong into a classified failure whose message holds no API key. The one place
 * where a provider's text becomes a failure message, so the one place that redacts it.
 */
final class CallGuard {

  private final ProviderAgentConfig config;
  private final ProviderHealth health;

  CallGuard(ProviderAgentConfig config, ProviderHealth health) {
    this.config = config;
    this.health = health;
  }

  /**
   * @throws AgentFailureException when the provider is cooling down or its breaker is open
   */
  Admission admit() {
    try {
      return health.admit(config.quotaGroup(), config.healthKey());
    } catch (AgentFailureException e) {
      throw new AgentFailureException(redacted(e.failure()));
    }
  }

  /** Classifies {@code thrown}, reports it on {@code admission}, and returns the exception to throw. */
  AgentFailureException failed(Admission admission, Throwable thrown) {
    Failure failure = ProviderFailures.ofThrowable(thrown, health.now());
    admission.finish(Optional.of(failure));
    return new AgentFailureException(redacted(failure));
  }

  /**
   * Reports a cancelled call: one the engine stopped for a passed deadline is a hang this agent
   * did not see (the engine's no-progress deadline can be shorter than {@code idleTimeout}), so it
   * counts against the provider; one that is merely no longer needed says nothing about it.
   */
  void cancelled(Admission admission, AttemptContext context) {
    context.cancelledFor().ifPresent(failure -> admission.finish(Optional.of(failure)));
  }

  ProviderHealth health() {
    return health;
  }

  private Failure redacted(Failure failure) {
    return config.apiKey()
        .map(key -> new Failure(failure.kind(), key.redact(failure.message()), failure.retryAfter()))
        .orElse(failure);
  }
}
