package io.lifeline.agents;

import io.lifeline.time.Sleeper;
import io.lifeline.time.ManualClock;
import java.time.Duration;

/** A sleeper that advances a {@link ManualClock} instead of waiting, and counts what it slept. */
public final class ManualSleeper implements Sleeper {

  private final ManualClock clock;
  private Duration slept = Duration.ZERO;

  public ManualSleeper(ManualClock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized void sleep(Duration duration) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException("interrupted before sleeping " + duration);
    }
    clock.advance(duration);
    slept = slept.plus(duration);
  }

  public synchronized Duration slept() {
    return slept;
  }
}
