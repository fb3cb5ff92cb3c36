package io.lifeline.time;

import java.time.Duration;

/** Waits in real time. The shell paces heartbeats with it; tests substitute one that returns at once. */
@FunctionalInterface
public interface Sleeper {

  void sleep(Duration duration) throws InterruptedException;

  static Sleeper system() {
    return d -> Thread.sleep(d);
  }
}
