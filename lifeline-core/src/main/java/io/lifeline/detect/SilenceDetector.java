package io.lifeline.detect;

/**
 * The life cycle both detectors share; subclasses only judge a silence.
 *
 * <p>How it works: the detector remembers the ticker reading of the last accepted heartbeat. The
 * verdict is a function of the silence since then ({@link #verdictAfter}), which never improves as
 * the silence grows. Two rules make DEAD final for this instance, whatever the order of calls:
 *
 * <ul>
 *   <li>a heartbeat that arrives when the silence before it already means DEAD is the late
 *       heartbeat of a dead agent and is ignored, whether or not anybody asked for the verdict in
 *       between (so the verdicts depend only on the heartbeats, not on when the coordinator polls);
 *   <li>once {@link #health} has answered DEAD, it answers DEAD forever, even if the caller then
 *       reports a heartbeat with an earlier reading.
 * </ul>
 *
 * An agent declared dead rejoins as a new incarnation and gets a fresh detector from its
 * {@link FailureDetectorFactory}. This is the fix for the seed article's {@code receive_heartbeat},
 * which sets a faulty agent back to {@code 'active'}.
 */
abstract sealed class SilenceDetector implements FailureDetector
    permits FixedTimeoutDetector, PhiAccrualDetector {

  private boolean heard;
  private long lastHeartbeatNanos;
  private boolean dead;

  /**
   * {@inheritDoc}
   *
   * <p>Readings must not decrease: a heartbeat at or before the last accepted one carries no news
   * about the arrival rate and is ignored. A heartbeat after the DEAD point is ignored too.
   */
  @Override
  public final void heartbeat(long nowNanos) {
    if (dead) {
      return;
    }
    if (!heard) {
      heard = true;
      lastHeartbeatNanos = nowNanos;
      return;
    }
    long interval = nowNanos - lastHeartbeatNanos;
    if (interval <= 0) {
      return;
    }
    if (verdictAfter(interval) == Health.DEAD) {
      dead = true;
      return;
    }
    learn(interval);
    lastHeartbeatNanos = nowNanos;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Once this returns DEAD it returns DEAD for every later call: DEAD is final for this
   * instance.
   */
  @Override
  public final Health health(long nowNanos) {
    if (dead) {
      return Health.DEAD;
    }
    if (!heard) {
      return Health.HEALTHY;
    }
    Health verdict = verdictAfter(nowNanos - lastHeartbeatNanos);
    if (verdict == Health.DEAD) {
      dead = true;
    }
    return verdict;
  }

  /** {@inheritDoc} Zero before the first heartbeat; keeps growing with the silence after DEAD. */
  @Override
  public final double suspicion(long nowNanos) {
    return heard ? suspicionAfter(nowNanos - lastHeartbeatNanos) : 0.0;
  }

  /** The verdict after {@code silenceNanos} without a heartbeat; never better for a longer silence. */
  abstract Health verdictAfter(long silenceNanos);

  /** The suspicion level after {@code silenceNanos} without a heartbeat; non-decreasing in it. */
  abstract double suspicionAfter(long silenceNanos);

  /** Called with each accepted inter-arrival time (positive, shorter than the DEAD point). */
  void learn(long intervalNanos) {}
}
