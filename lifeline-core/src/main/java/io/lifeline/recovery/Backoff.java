package io.lifeline.recovery;

import java.time.Duration;
import java.util.random.RandomGenerator;

/** PLACEHOLDER until the detect branch lands: replaced by the real implementation on merge. */
public final class Backoff {
  private Backoff() {}

  public static Duration delay(int retryNumber, Duration base, Duration cap, RandomGenerator random) {
    long ceiling = Math.min(cap.toNanos(), base.toNanos() << Math.min(30, Math.max(0, retryNumber - 1)));
    return Duration.ofNanos(ceiling <= 0 ? 0 : random.nextLong(ceiling + 1));
  }
}
