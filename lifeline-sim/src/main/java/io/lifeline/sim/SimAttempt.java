package io.lifeline.sim;

import io.lifeline.engine.AttemptKey;
import io.lifeline.model.Failure;

/** One dispatched attempt as the simulated agent runs it, chunk by chunk. */
final class SimAttempt {
  final AttemptKey key;
  final SimAgent agent;
  final int total;
  final long startedAt;
  /** Slowdown factor of every chunk: 1 normally, 3–60 in a slow tail. */
  double slowness = 1;
  /** The chunk at which it hangs for good, or -1. */
  int hangAt = -1;
  /** The chunk at which it fails with {@link #failure}, or -1. */
  int failAt = -1;
  Failure failure;
  boolean lowQuality;
  boolean cancelled;
  boolean dead;
  boolean checkpointedOnce;

  SimAttempt(AttemptKey key, SimAgent agent, int total, long startedAt) {
    this.key = key;
    this.agent = agent;
    this.total = total;
    this.startedAt = startedAt;
  }
}
