package io.lifeline.model;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A classified failure of one attempt.
 *
 * @param kind decides the default recovery
 * @param message a human explanation, stored in the job's history; never holds secrets
 * @param retryAfter how long the provider asked us to wait (429 {@code Retry-After}), if it did
 */
public record Failure(FailureKind kind, String message, Optional<Duration> retryAfter) {

  public Failure {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(retryAfter, "retryAfter");
  }

  public static Failure of(FailureKind kind, String message) {
    return new Failure(kind, message, Optional.empty());
  }

  public static Failure rateLimited(String message, Duration retryAfter) {
    return new Failure(FailureKind.RATE_LIMITED, message, Optional.of(retryAfter));
  }
}
