package io.lifeline.detect;

import java.time.Duration;

/**
 * Settings of the {@link PhiAccrualDetector}. Immutable; validated on construction with messages
 * that name the field and the value. Field names follow Pekko's {@code PhiAccrualFailureDetector}
 * where the meaning is the same.
 *
 * <h2>Defaults, for in-process and LAN agents heartbeating every 500 ms</h2>
 *
 * <ul>
 *   <li>{@code heartbeatInterval} 500 ms: two heartbeats a second cost nothing in-process or on a
 *       LAN and let a hang be seen within about 2 s. It is also the first-heartbeat estimate that
 *       bootstraps the window (Pekko's cluster passes its heartbeat interval there too): one field
 *       instead of two that must agree.
 *   <li>{@code windowSize} 100: at 2 Hz the window spans the last 50 s, so the detector adapts
 *       to a changed network or load within a minute, and 100 samples give a stable standard
 *       deviation. (Pekko keeps 1000 samples at 1 Hz, i.e. adapts over 17 minutes.)
 *   <li>{@code minStdDeviation} 100 ms (Pekko's value): an in-process heartbeat is so regular that
 *       the measured deviation is near zero, which would turn a 10 ms scheduling hiccup into a
 *       huge phi. The floor keeps phi meaningful at LAN/thread-scheduler resolution.
 *   <li>{@code acceptableHeartbeatPause} 1 s: added to the mean interval, it absorbs two missed
 *       heartbeats, young-generation GC pauses and scheduler stalls under load without raising
 *       phi. It is the main knob trading detection time against false suspicion: Pekko's cluster
 *       uses 3 s, and detects a crash after about 4.5 s at its 1 s heartbeat; Lifeline can afford
 *       to be quicker because a false DEAD only costs a redundant attempt (fencing, I3), and
 *       because the direct liveness signals (thread ended, connection closed) catch most crashes
 *       before any heartbeat is missed.
 *   <li>{@code maxLearnedInterval} 5 s (ten heartbeat intervals): an interval longer than this is
 *       learned as 5 s. Learning a long pause is the point (see {@link PhiAccrualDetector}), but
 *       one 60 s stall in a window of 500 ms intervals would raise the standard deviation to about
 *       6 s and the detection time from 2 s to over 30 s for the next 50 s. Capped at 5 s, which
 *       still covers the 1-3 s full-GC pauses the design expects, one such sample raises the
 *       deviation to 448 ms and DEAD to 3.9 s of silence, until it leaves the window. (With the
 *       default thresholds a silence reaches DEAD long before 60 s, so the cap matters only once
 *       the window has learned wide variance, or with a larger pause or threshold.)
 *   <li>{@code suspectPhi} 1.0: by the model, a 10% chance that a heartbeat this late is still
 *       coming. SUSPECT only stops new dispatch, a cheap and reversible decision, so it comes
 *       early. The gap up to DEAD is the band in which a pause is survived and learned.
 *   <li>{@code deadPhi} 8.0 (Pekko's and Cassandra's threshold): a 1e-8 chance by the model.
 *       DEAD fails the in-flight attempts and is final for the incarnation, so it waits for near
 *       certainty.
 * </ul>
 *
 * <h2>Resulting detection time for a steady 500 ms heartbeat</h2>
 *
 * The measured deviation of a steady heartbeat is zero, so from the third heartbeat on (once two
 * real samples have diluted the bootstrap's spread below the floor) phi is computed with mean
 * 500 ms + 1000 ms pause = 1500 ms and the 100 ms floor as standard deviation. Solving Pekko's logistic approximation for the
 * silence {@code t}:
 *
 * <ul>
 *   <li>SUSPECT (phi = 1): {@code t = 1500 + 1.282 × 100} ≈ <b>1628 ms</b> of silence;
 *   <li>DEAD (phi = 8): {@code t = 1500 + 5.226 × 100} ≈ <b>2023 ms</b> of silence (2022.6 ms).
 * </ul>
 *
 * A crash is therefore declared DEAD 1.52 to 2.02 s after it happens, depending on where in the
 * 500 ms interval it falls. {@code PhiAccrualDetectorTest} checks both numbers to the millisecond.
 *
 * @param heartbeatInterval how often agents heartbeat; also the first-heartbeat estimate
 * @param windowSize how many inter-arrival times the statistics use, 2 to 10,000
 * @param minStdDeviation floor of the standard deviation used in phi
 * @param acceptableHeartbeatPause silence tolerated on top of the mean interval; may be zero
 * @param maxLearnedInterval longer inter-arrival times enter the window as this value; at least
 *     twice {@code heartbeatInterval}, so jitter around the normal interval is never clipped
 * @param suspectPhi phi at which the agent becomes SUSPECT; positive
 * @param deadPhi phi at which the agent becomes DEAD; greater than {@code suspectPhi}
 */
public record PhiAccrualConfig(
    Duration heartbeatInterval,
    int windowSize,
    Duration minStdDeviation,
    Duration acceptableHeartbeatPause,
    Duration maxLearnedInterval,
    double suspectPhi,
    double deadPhi)
    implements DetectorConfig {

  /**
   * Recomputing the statistics costs O(windowSize) per heartbeat, and a window longer than this
   * (over 80 minutes at 2 Hz) no longer adapts to anything.
   */
  static final int MAX_WINDOW_SIZE = 10_000;

  /** The defaults above: in-process and LAN agents heartbeating every 500 ms. */
  public static final PhiAccrualConfig DEFAULT =
      new PhiAccrualConfig(
          Duration.ofMillis(500),
          /* windowSize= */ 100,
          Duration.ofMillis(100),
          Duration.ofSeconds(1),
          Duration.ofSeconds(5),
          /* suspectPhi= */ 1.0,
          /* deadPhi= */ 8.0);

  public PhiAccrualConfig {
    ConfigChecks.requirePositive("heartbeatInterval", heartbeatInterval);
    if (windowSize < 2 || windowSize > MAX_WINDOW_SIZE) {
      throw new IllegalArgumentException(
          "windowSize must be between 2 and " + MAX_WINDOW_SIZE + ", was " + windowSize);
    }
    ConfigChecks.requirePositive("minStdDeviation", minStdDeviation);
    ConfigChecks.requireNonNegative("acceptableHeartbeatPause", acceptableHeartbeatPause);
    ConfigChecks.requirePositive("maxLearnedInterval", maxLearnedInterval);
    if (maxLearnedInterval.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
      throw new IllegalArgumentException(
          "maxLearnedInterval must be at least twice heartbeatInterval ("
              + heartbeatInterval
              + "), was "
              + maxLearnedInterval);
    }
    if (!(suspectPhi > 0) || Double.isInfinite(suspectPhi)) {
      throw new IllegalArgumentException("suspectPhi must be positive and finite, was " + suspectPhi);
    }
    if (!(deadPhi > suspectPhi) || Double.isInfinite(deadPhi)) {
      throw new IllegalArgumentException(
          "deadPhi must be finite and greater than suspectPhi (" + suspectPhi + "), was " + deadPhi);
    }
  }

  /** A copy with other thresholds. */
  public PhiAccrualConfig withThresholds(double suspectPhi, double deadPhi) {
    return new PhiAccrualConfig(
        heartbeatInterval, windowSize, minStdDeviation, acceptableHeartbeatPause,
        maxLearnedInterval, suspectPhi, deadPhi);
  }

  /** A copy with another acceptable pause. */
  public PhiAccrualConfig withAcceptableHeartbeatPause(Duration pause) {
    return new PhiAccrualConfig(
        heartbeatInterval, windowSize, minStdDeviation, pause, maxLearnedInterval, suspectPhi,
        deadPhi);
  }

  @Override
  public FailureDetectorFactory factory() {
    return () -> new PhiAccrualDetector(this);
  }
}
