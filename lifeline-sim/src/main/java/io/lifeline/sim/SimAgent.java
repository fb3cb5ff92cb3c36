package io.lifeline.sim;

import io.lifeline.engine.Input;
import io.lifeline.model.AgentSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * A simulated agent process. All times are offsets in nanoseconds from the start of the run.
 * It is down (crashed: no heartbeats, attempts die), paused (a GC pause: alive, silent, frozen),
 * or partitioned (alive and working, but nothing it sends reaches the coordinator until it heals).
 */
final class SimAgent {
  static final long NEVER = Long.MIN_VALUE;

  final AgentSpec spec;
  long incarnation = 1;
  boolean crashedForGood;
  long downFrom = NEVER;
  long downUntil = NEVER;
  long pauseFrom = NEVER;
  long pauseUntil = NEVER;
  long partitionFrom = NEVER;
  long partitionUntil = NEVER;
  long lowQualityFrom = NEVER;
  long lowQualityUntil = NEVER;
  /** What it sent while partitioned, delivered in order when the partition heals. */
  final List<Input> outbox = new ArrayList<>();

  SimAgent(AgentSpec spec) {
    this.spec = spec;
  }

  String id() {
    return spec.id();
  }

  boolean isDown(long t) {
    return crashedForGood || within(t, downFrom, downUntil);
  }

  boolean isPaused(long t) {
    return within(t, pauseFrom, pauseUntil);
  }

  boolean isPartitioned(long t) {
    return within(t, partitionFrom, partitionUntil);
  }

  boolean inLowQualityEpisode(long t) {
    return within(t, lowQualityFrom, lowQualityUntil);
  }

  /** Whether the process crashed at or after {@code t}: what it was running then is gone. */
  boolean crashedSince(long t) {
    return downFrom != NEVER && downFrom >= t;
  }

  /** Whether the process itself is running at {@code t} (paused and partitioned processes are). */
  boolean isAlive(long t) {
    return !isDown(t);
  }

  private static boolean within(long t, long from, long until) {
    return from != NEVER && t >= from && t < until;
  }
}
