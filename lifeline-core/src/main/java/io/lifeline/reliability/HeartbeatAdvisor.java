package io.lifeline.reliability;

import io.lifeline.detect.PhiAccrualConfig;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Chooses the phi detector's DEAD threshold and acceptable pause for an agent whose heartbeats
 * arrive with a known mean interval and standard deviation, given a target rate of false
 * suspicions and a target detection time.
 *
 * <h2>The derivation</h2>
 *
 * The {@link io.lifeline.detect.PhiAccrualDetector} declares DEAD once the silence {@code t} since
 * the last heartbeat makes phi reach {@code Φ}, where phi is a function of the standardized
 * silence {@code y = (t − μ − pause)/σ'} with {@code μ} the mean interval and
 * {@code σ' = max(σ, minStdDeviation)}. Phi increases with {@code y}, so the DEAD point is the
 * silence {@code t* = μ + pause + σ'·y(Φ)} ({@link PhiScale#silence}). Everything follows from
 * {@code t*}:
 *
 * <ul>
 *   <li><i>Detection.</i> A crash right after a heartbeat is declared DEAD {@code t*} later, one
 *       just before the next heartbeat {@code t* − μ} later: the worst case is {@code t*}, so the
 *       target needs {@code t* ≤ D}.
 *   <li><i>False suspicion.</i> A live agent is declared DEAD when one interval exceeds
 *       {@code t*}. With intervals normal {@code N(μ, σ)} that happens with probability
 *       {@code Q((t* − μ)/σ)} per heartbeat, so a target of {@code ε} per heartbeat needs
 *       {@code t* ≥ μ + σ·Q⁻¹(ε)}. A target per hour is {@code ε = rate · μ / 1 h}.
 * </ul>
 *
 * Both hold iff {@code μ + σ·Q⁻¹(ε) ≤ D}; otherwise the targets conflict. The advice takes
 * {@code t* = D}: it meets the detection target and leaves the false-suspicion target as much
 * slack as it can, which matters because real pauses (GC, swapping) have heavier tails than a
 * normal distribution. It keeps the base DEAD threshold (Pekko's 8) and puts the rest of {@code D}
 * into the pause, {@code pause = D − μ − σ'·y(Φ)}; when that would be negative it sets the pause to
 * zero and lowers {@code Φ} to phi at {@code y = (D − μ)/σ'}. When the targets conflict it also
 * looks for a shorter heartbeat interval that meets both, assuming the jitter {@code σ} does not
 * change with the interval (network and scheduling jitter do not).
 *
 * <p>Phi is not the false-suspicion rate: phi 8 means {@code 1 − F = 1e−8} for the logistic
 * approximation {@code F}, but the normal tail at that {@code y} (5.226) is 8.7e−8, and the
 * detector uses {@code σ'}, not {@code σ}, and adds the pause. Hence the rate is computed from the
 * normal tail and reported, not read off {@code Φ}. The window's estimates are themselves noisy
 * (about 7% on {@code σ} with 100 samples) and the detector learns pauses, widening {@code t*}.
 *
 * <h2>The seed article's rule</h2>
 *
 * Its FAQ sets {@code interval = 2 × latency / (1 − target_false_positive_rate)}. That cannot
 * work: false suspicions come from the <i>variability</i> of the inter-arrival times compared with
 * the timeout, and the rule mentions neither. A constant latency delays every heartbeat equally
 * and never causes a suspicion. The target enters only as {@code 1/(1 − fp)}, between 1 and 1.01
 * for any sensible target, so asking for a thousand times fewer false positives changes the
 * interval by under 1% (and in the wrong direction: a stricter target gives a shorter interval).
 * It has no detection target, so it cannot show the trade-off at all, and "false positive rate"
 * is per nothing (per heartbeat? per hour?).
 */
public final class HeartbeatAdvisor {

  /**
   * The shortest heartbeat interval suggested: below a millisecond the heartbeats themselves
   * become load, and scheduler jitter is no longer small beside the interval.
   */
  static final Duration MIN_INTERVAL = Duration.ofMillis(1);

  /** Each step of the search for a shorter interval divides it by this: about 60 steps to 1 ms. */
  private static final double SEARCH_STEP = 1.25;

  /** Bisection halvings once a feasible interval is bracketed: far below a nanosecond. */
  private static final int HALVINGS = 60;

  private static final double SECONDS_PER_HOUR = 3600;

  private HeartbeatAdvisor() {}

  /** {@link #advise(Duration, Duration, SuspicionTarget, Duration, PhiAccrualConfig)} on the defaults. */
  public static HeartbeatAdvice advise(
      Duration meanInterval, Duration stdDeviation, SuspicionTarget target, Duration detectWithin) {
    return advise(meanInterval, stdDeviation, target, detectWithin, PhiAccrualConfig.DEFAULT);
  }

  /**
   * The advice derived above.
   *
   * @param meanInterval observed mean time between heartbeats; positive
   * @param stdDeviation observed standard deviation of it; not negative
   * @param target acceptable false suspicions; at most 0.5 per heartbeat at {@code meanInterval}
   * @param detectWithin target worst-case detection time; longer than {@code meanInterval}
   * @param base supplies the preferred DEAD threshold, the deviation floor and the other settings
   */
  public static HeartbeatAdvice advise(
      Duration meanInterval, Duration stdDeviation, SuspicionTarget target, Duration detectWithin,
      PhiAccrualConfig base) {
    double mean = Require.positiveSeconds("meanInterval", meanInterval);
    double sigma = Require.notNegativeSeconds("stdDeviation", stdDeviation);
    Objects.requireNonNull(target, "target");
    double deadline = Require.positiveSeconds("detectWithin", detectWithin);
    Objects.requireNonNull(base, "base");
    if (deadline <= mean) {
      throw new IllegalArgumentException("detectWithin must be longer than meanInterval ("
          + meanInterval + "), was " + detectWithin);
    }
    double perHeartbeat = target.perHeartbeat(meanInterval);
    if (!(perHeartbeat <= 0.5)) {
      throw new IllegalArgumentException(
          "the false-suspicion target must be at most 0.5 per heartbeat, was " + perHeartbeat);
    }
    double fastest = mean + sigma * NormalTail.upperQuantile(perHeartbeat);
    boolean conflict = fastest > deadline;

    double floored = Math.max(sigma, CheckpointIntervals.seconds(base.minStdDeviation()));
    double pause = deadline - mean - floored * PhiScale.silence(base.deadPhi());
    double deadPhi = base.deadPhi();
    if (pause < 0) {
      pause = 0;
      deadPhi = PhiScale.phi((deadline - mean) / floored);
    }
    double achieved = sigma == 0 ? 0 : NormalTail.upperTail((deadline - mean) / sigma);
    var config = new PhiAccrualConfig(
        meanInterval, base.windowSize(), base.minStdDeviation(),
        CheckpointIntervals.ofSeconds(pause), longest(base.maxLearnedInterval(), meanInterval.multipliedBy(2)),
        // SUSPECT stays below DEAD, with a band between them in which pauses are learned.
        Math.min(base.suspectPhi(), deadPhi / 2), deadPhi);
    return new HeartbeatAdvice(
        config, detectWithin, deadPhi, config.acceptableHeartbeatPause(), achieved,
        achieved * SECONDS_PER_HOUR / mean, CheckpointIntervals.ofSeconds(fastest), conflict,
        conflict ? intervalMeetingBoth(sigma, target, deadline, mean) : Optional.empty());
  }

  /**
   * The longest interval below {@code mean} at which {@code f(i) = i + σ·Q⁻¹(ε(i)) ≤ D}. With a
   * target per hour, {@code ε(i)} shrinks with {@code i}, so {@code f} first falls and then rises
   * as {@code i} decreases; stepping down from {@code mean} finds the first feasible interval, and
   * bisection between it and the step before finds the boundary.
   */
  private static Optional<Duration> intervalMeetingBoth(
      double sigma, SuspicionTarget target, double deadline, double mean) {
    double min = CheckpointIntervals.seconds(MIN_INTERVAL);
    double infeasible = mean;
    for (double interval = mean / SEARCH_STEP; interval >= min; interval /= SEARCH_STEP) {
      if (detection(interval, sigma, target) <= deadline) {
        double feasible = interval;
        for (int i = 0; i < HALVINGS; i++) {
          double mid = (feasible + infeasible) / 2;
          if (detection(mid, sigma, target) <= deadline) {
            feasible = mid;
          } else {
            infeasible = mid;
          }
        }
        return Optional.of(roundedDown(feasible, sigma, target, deadline));
      }
      infeasible = interval;
    }
    return Optional.empty();
  }

  /**
   * {@code interval} in whole milliseconds, the way people configure it, if that still meets the
   * deadline (it does unless the feasible range is under a millisecond wide); else in whole
   * nanoseconds, rounded down so as not to cross the boundary.
   */
  private static Duration roundedDown(double interval, double sigma, SuspicionTarget target, double deadline) {
    Duration millis = Duration.ofMillis((long) Math.floor(interval * 1e3));
    if (!millis.isZero() && detection(CheckpointIntervals.seconds(millis), sigma, target) <= deadline) {
      return millis;
    }
    return Duration.ofNanos((long) Math.floor(interval * 1e9));
  }

  /** The fastest detection that meets {@code target} at heartbeat interval {@code interval}. */
  private static double detection(double interval, double sigma, SuspicionTarget target) {
    double perHeartbeat = target.perHeartbeat(CheckpointIntervals.ofSeconds(interval));
    return interval + sigma * NormalTail.upperQuantile(Math.min(0.5, perHeartbeat));
  }

  private static Duration longest(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
