package io.lifeline.detect;

import java.util.Objects;

/**
 * The phi accrual failure detector of Hayashibara et al. (2004), with Pekko's
 * {@code PhiAccrualFailureDetector} as the reference for the formula and the bootstrap.
 *
 * <p>Instead of a yes/no timeout it outputs phi, the suspicion that the agent is gone: the
 * inter-arrival times of its heartbeats are modelled as a normal distribution (mean and standard
 * deviation of a sliding window, with {@link PhiAccrualConfig#acceptableHeartbeatPause()} added to
 * the mean and {@link PhiAccrualConfig#minStdDeviation()} as a floor), and after a silence of
 * {@code t}, {@code phi = -log10(1 - F(t))}: phi 1 means a 10% chance that a heartbeat this late
 * still comes, phi 8 a 1e-8 chance. {@code F} is Pekko's logistic approximation of the normal CDF.
 * The agent is SUSPECT (no new dispatch) from {@link PhiAccrualConfig#suspectPhi()} and DEAD
 * (in-flight attempts fail) from {@link PhiAccrualConfig#deadPhi()}. {@link #suspicion} is phi.
 *
 * <p><b>Where it differs from Pekko.</b>
 *
 * <ul>
 *   <li><i>It keeps learning after a suspicion.</i> Pekko drops the interval of a heartbeat that
 *       arrives while the node counts as unavailable, so it never learns that an agent pauses
 *       (GC, swapping, a blocked event loop) and suspects every pause anew. Here every interval
 *       that ends before DEAD enters the window, so a pause survived in the SUSPECT band widens
 *       the distribution and the next pause of that length is tolerated.
 *   <li><i>DEAD is final.</i> Pekko's verdict flips back when heartbeats resume. Here an agent
 *       declared dead has had its attempts failed and must rejoin as a new incarnation with a
 *       fresh detector; a late heartbeat cannot revive it (the seed article's defect, see
 *       {@link SilenceDetector}).
 *   <li><i>Long intervals are capped</i> at {@link PhiAccrualConfig#maxLearnedInterval()}
 *       before they enter the window, so a single huge gap teaches "pauses happen" without
 *       destroying the statistics for the next 100 heartbeats.
 *   <li><i>Phi never becomes infinite.</i> Pekko's {@code -log10(e / (1 + e))} reaches infinity
 *       when {@code e} underflows, about 22 standard deviations late (phi ≈ 320). This computes the same
 *       function as a softplus, {@code log10(1 + exp(z))}, so phi keeps growing with the silence
 *       and the dashboard can still tell "late" from "very late".
 * </ul>
 *
 * <p><b>Bootstrap.</b> As in Pekko, the window starts with two pseudo-samples at the expected
 * interval ± a quarter (375 ms and 625 ms by default): a deliberately wide guess that real
 * samples push out. The first heartbeat starts the silence clock; before it the agent is HEALTHY.
 *
 * <p>Not thread-safe, like every {@link FailureDetector}: the coordinator owns it.
 */
public final class PhiAccrualDetector extends SilenceDetector {

  /** ln(10), to turn natural logarithms into the decimal ones phi is defined with. */
  private static final double LN_10 = Math.log(10);

  private final PhiAccrualConfig config;
  private final IntervalWindow window;
  private final double minStdDeviationNanos;
  private final double acceptablePauseNanos;
  private final long maxLearnedIntervalNanos;

  public PhiAccrualDetector(PhiAccrualConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.window = new IntervalWindow(config.windowSize());
    this.minStdDeviationNanos = config.minStdDeviation().toNanos();
    this.acceptablePauseNanos = config.acceptableHeartbeatPause().toNanos();
    this.maxLearnedIntervalNanos = config.maxLearnedInterval().toNanos();
    long expected = config.heartbeatInterval().toNanos();
    window.add(expected - expected / 4);
    window.add(expected + expected / 4);
  }

  public PhiAccrualConfig config() {
    return config;
  }

  /** Phi at {@code nowNanos}; the same as {@link #suspicion}. Zero before the first heartbeat. */
  public double phi(long nowNanos) {
    return suspicion(nowNanos);
  }

  @Override
  Health verdictAfter(long silenceNanos) {
    double phi = suspicionAfter(silenceNanos);
    if (phi >= config.deadPhi()) {
      return Health.DEAD;
    }
    return phi >= config.suspectPhi() ? Health.SUSPECT : Health.HEALTHY;
  }

  @Override
  double suspicionAfter(long silenceNanos) {
    return phi(
        silenceNanos,
        window.mean() + acceptablePauseNanos,
        Math.max(window.stdDeviation(), minStdDeviationNanos));
  }

  @Override
  void learn(long intervalNanos) {
    window.add(Math.min(intervalNanos, maxLearnedIntervalNanos));
  }

  /** Mean of the learned inter-arrival times, in nanoseconds (without the acceptable pause). */
  double meanIntervalNanos() {
    return window.mean();
  }

  /** Standard deviation of the learned inter-arrival times, in nanoseconds (before the floor). */
  double stdDeviationNanos() {
    return window.stdDeviation();
  }

  /**
   * Pekko's phi: {@code -log10(1 - F(t))} where {@code F} is the logistic approximation of the
   * normal CDF, {@code F(t) = 1 / (1 + exp(-z))} with {@code z = y(1.5976 + 0.070566 y²)} and
   * {@code y = (t - mean) / stdDeviation}. Pekko evaluates {@code 1 - F} in two branches to avoid
   * cancellation; {@code -log10(1 - F) = log10(1 + exp(z))} is a softplus, computed here in the
   * form that neither overflows nor underflows for any {@code z}.
   */
  static double phi(double elapsed, double mean, double stdDeviation) {
    double y = (elapsed - mean) / stdDeviation;
    double z = y * (1.5976 + 0.070566 * y * y);
    return (Math.max(z, 0.0) + Math.log1p(Math.exp(-Math.abs(z)))) / LN_10;
  }
}
