package io.lifeline.engine;

import io.lifeline.model.Failure;
import java.util.Optional;

/**
 * Tells a running attempt that it must stop, and whether it was stopped for its own fault: the
 * coordinator charged it with a failure (a deadline passed, its agent was declared dead), as
 * opposed to no longer needing it (a hedge won, the job ended, the engine closed). An agent reports
 * the first to its provider's health, as a hang it could not see itself; the second says nothing
 * about the provider. Written by the engine's loop, read by the attempt's thread.
 */
final class AttemptStop {

  private volatile Failure charged;
  private volatile boolean stopped;

  /** Stops the attempt; {@code charged} is the failure it was charged with, if any. */
  void stop(Optional<Failure> charged) {
    this.charged = charged.orElse(null); // before the flag: whoever sees the flag sees the cause
    this.stopped = true;
  }

  boolean stopped() {
    return stopped;
  }

  Optional<Failure> charged() {
    return stopped ? Optional.ofNullable(charged) : Optional.empty();
  }
}
