package io.lifeline.engine;

import io.lifeline.detect.FailureDetector;
import io.lifeline.detect.Health;
import java.time.Duration;

/** A minimal detector for coordinator tests: SUSPECT after half the timeout of silence, DEAD after it. */
final class SilenceDetector implements FailureDetector {
  private final long timeoutNanos;
  private long last;
  private boolean dead;

  SilenceDetector(Duration timeout) {
    this.timeoutNanos = timeout.toNanos();
  }

  @Override
  public void heartbeat(long nowNanos) {
    if (!dead) {
      last = nowNanos;
    }
  }

  @Override
  public Health health(long nowNanos) {
    long silence = nowNanos - last;
    if (dead || silence - timeoutNanos >= 0) {
      dead = true;
      return Health.DEAD;
    }
    return silence - timeoutNanos / 2 >= 0 ? Health.SUSPECT : Health.HEALTHY;
  }

  @Override
  public double suspicion(long nowNanos) {
    return (double) (nowNanos - last) / timeoutNanos;
  }
}
