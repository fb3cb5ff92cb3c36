package io.lifeline.model;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.TimeoutException;

/**
 * Maps what an agent threw to a {@link Failure}. Agents that know better throw
 * {@link AgentFailureException}; this covers the rest conservatively: an unknown exception is
 * {@code TRANSIENT} (one more try is cheap), only argument errors are {@code PERMANENT}.
 */
public final class FailureClassifier {

  private FailureClassifier() {}

  public static Failure classify(Throwable thrown) {
    String message = thrown.getClass().getSimpleName()
        + (thrown.getMessage() == null ? "" : ": " + thrown.getMessage());
    return switch (thrown) {
      case AgentFailureException e -> e.failure();
      case OutOfMemoryError e -> Failure.of(FailureKind.RESOURCE_EXHAUSTED, message);
      case StackOverflowError e -> Failure.of(FailureKind.RESOURCE_EXHAUSTED, message);
      case TimeoutException e -> Failure.of(FailureKind.TIMEOUT, message);
      case InterruptedIOException e -> Failure.of(FailureKind.TIMEOUT, message);
      case IOException e -> Failure.of(FailureKind.TRANSIENT, message);
      case IllegalArgumentException e -> Failure.of(FailureKind.PERMANENT, message);
      default -> Failure.of(FailureKind.TRANSIENT, message);
    };
  }
}
