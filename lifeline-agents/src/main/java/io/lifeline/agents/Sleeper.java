package io.lifeline.agents;

import java.time.Duration;

/**
 * How an agent waits: for pacing its output, for simulated slowness, and while polling for
 * cancellation. Injected so that tests replace real waiting with advancing a fake clock.
 */
@FunctionalInterface
public interface Sleeper {

  /**
   * Waits for {@code duration}, or returns at once when it is zero.
   *
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  void sleep(Duration duration) throws InterruptedException;

  /** Real waiting on the current (typically virtual) thread. */
  static Sleeper system() {
    return duration -> {
      if (!duration.isZero()) {
        Thread.sleep(duration);
      }
    };
  }
}
