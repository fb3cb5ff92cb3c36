package io.lifeline.sim;

import java.time.Duration;
import java.util.Objects;

/**
 * The checkpoint-interval model that {@link CheckpointIntervalExperiment} runs on the real engine,
 * and its expected completion time, derived below.
 *
 * <h2>The model</h2>
 * One step needs {@code work} W of the agent's time. The agent crashes after up-times drawn
 * independently from an exponential distribution of mean M ({@code mtbf}): a Poisson process of
 * rate λ = 1/M while it is up. After every T of work it saves a checkpoint, which takes δ
 * ({@code checkpointCost}) of its time and is durable only once complete; after the last piece of
 * work it saves none (its output ends the step). A crash loses everything since the last durable
 * checkpoint. The agent is back R ({@code restart}) after the crash — detection, restart and
 * restore together — and the engine resumes the step from that checkpoint. Nothing crashes while
 * the agent is down.
 *
 * <h2>Expected completion time</h2>
 * The work falls into k = ⌈W/T⌉ segments: k−1 of length τ = T + δ (work, then its checkpoint) and a
 * last one of length r = W − (k−1)·T (work only). A segment of length s is done when it runs s
 * without a crash. Let X(s) be its expected time. A try runs min(F, s) with F ~ Exp(λ); when F &lt; s
 * it costs R more and the segment starts over, and since F is memoryless the rest again takes
 * X(s) on average:
 *
 * <pre>
 *   X(s) = E[min(F, s)] + P(F &lt; s)·(R + X(s)),   E[min(F, s)] = M·(1 − e^(−s/M)),   P(F &lt; s) = 1 − e^(−s/M)
 *   ⇒ X(s) = (M + R)·(e^(s/M) − 1)
 *   E[completion] = (M + R)·[(k − 1)·(e^((T+δ)/M) − 1) + e^(r/M) − 1]
 * </pre>
 *
 * The expected waste is E[completion] − W: checkpoints, lost work and restarts. When W/T is whole
 * and large, the waste is least where (e^((T+δ)/M) − 1)/T is least, at
 * e^((T+δ)/M)·(1 − T/M) = 1: the optimum that Daly's higher-order formula approximates (Daly 2006)
 * and whose first-order term is Young's √(2δM). R scales the waste but does not move the optimum.
 *
 * @param work W, the agent time the step needs without failures
 * @param mtbf M, the mean up-time between crashes
 * @param checkpointCost δ, the agent time one checkpoint takes
 * @param restart R, from a crash to the resumed attempt starting
 */
public record CheckpointModel(Duration work, Duration mtbf, Duration checkpointCost, Duration restart) {

  /**
   * Two hours of work on an agent that crashes every 20 minutes on average, checkpoints that cost
   * 30 s, back 30 s after a crash: failures frequent enough that the interval matters a lot (the
   * waste ranges from about a quarter of W to several W over 1–60 min), with Daly's optimum near 4 min.
   */
  public static final CheckpointModel DEFAULT = new CheckpointModel(
      Duration.ofHours(2), Duration.ofMinutes(20), Duration.ofSeconds(30), Duration.ofSeconds(30));

  public CheckpointModel {
    positive("work", work);
    positive("mtbf", mtbf);
    positive("checkpointCost", checkpointCost);
    Objects.requireNonNull(restart, "restart");
    if (restart.isNegative()) {
      throw new IllegalArgumentException("restart must not be negative, was " + restart);
    }
  }

  /**
   * E[completion] for checkpoints every {@code interval} of work (see the class comment); at most
   * {@code Long.MAX_VALUE} nanoseconds (292 years).
   */
  public Duration expectedCompletion(Duration interval) {
    positive("interval", interval);
    double w = seconds(work);
    double t = Math.min(seconds(interval), w);
    double m = seconds(mtbf);
    long segments = (long) Math.ceil(w / t - 1e-9);
    double last = w - (segments - 1) * t;
    double checkpointed = segments == 1 ? 0 : (segments - 1) * Math.expm1((t + seconds(checkpointCost)) / m);
    double expected = (m + seconds(restart)) * (checkpointed + Math.expm1(last / m));
    // Math.round saturates: past 292 years (e^(s/M) overflows first) the answer is "forever".
    return Duration.ofNanos(Math.round(expected * 1e9));
  }

  /** E[completion] − W: the time lost to checkpoints, crashes and restarts. */
  public Duration expectedWaste(Duration interval) {
    return expectedCompletion(interval).minus(work);
  }

  /**
   * The interval of least expected waste, to the second, searched over 1 s … W (segment
   * boundaries make the waste jagged in T, so a scan is simpler and safer than a root finder).
   */
  public Duration optimalInterval() {
    Duration best = Duration.ofSeconds(1);
    Duration bestWaste = expectedWaste(best);
    for (long s = 2; s <= work.toSeconds(); s++) {
      Duration candidate = Duration.ofSeconds(s);
      Duration waste = expectedWaste(candidate);
      if (waste.compareTo(bestWaste) < 0) {
        best = candidate;
        bestWaste = waste;
      }
    }
    return best;
  }

  private static void positive(String field, Duration value) {
    Objects.requireNonNull(value, field);
    if (value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(field + " must be positive, was " + value);
    }
  }

  static double seconds(Duration value) {
    return value.toNanos() / 1e9;
  }
}
