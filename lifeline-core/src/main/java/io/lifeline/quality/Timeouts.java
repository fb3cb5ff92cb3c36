package io.lifeline.quality;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Tells when a delay has passed: in real time in production, when a test says so in tests. The
 * caller may complete a returned future itself once it no longer needs it, which releases the
 * timer early.
 */
@FunctionalInterface
public interface Timeouts {

  /** A future that completes once {@code delay} has passed. */
  CompletableFuture<Void> after(Duration delay);

  /** Real time, on the JDK's shared delay scheduler (a daemon thread). */
  static Timeouts system() {
    return delay -> new CompletableFuture<Void>().completeOnTimeout(null, delay.toNanos(), TimeUnit.NANOSECONDS);
  }
}
