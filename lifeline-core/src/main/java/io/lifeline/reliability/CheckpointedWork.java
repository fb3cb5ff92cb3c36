package io.lifeline.reliability;

import java.time.Duration;

/**
 * How long a step of {@code work} takes, on average, when it checkpoints and its agents fail:
 * the model Lifeline implements (I5: a new attempt resumes from the latest durable checkpoint).
 *
 * <h2>The model</h2>
 *
 * <ul>
 *   <li>The step needs {@code W} of failure-free work. Every {@code T} of work it writes a
 *       checkpoint that takes {@code δ}; the last stretch, {@code W − (⌈W/T⌉ − 1)·T ∈ (0, T]}, ends
 *       with the step's result and no checkpoint. So there are {@code ⌈W/T⌉ − 1} segments of
 *       length {@code s = T + δ} and one of length {@code w} (with {@code T ≥ W} just one).
 *   <li>Failures (crash, hang, lost agent) form a Poisson process of rate {@code λ = 1/MTBF}
 *       while a segment runs, its checkpoint included: a checkpoint that is not durable yet is lost
 *       with the attempt. A replacement agent fails at the same rate.
 *   <li>Each failure costs a restart {@code R}: the detection latency, the backoff and the
 *       dispatch of the next attempt (no failures during it). Then the segment starts over from
 *       the last checkpoint.
 * </ul>
 *
 * <h2>One segment (a renewal argument)</h2>
 *
 * Let {@code X} be the time to get through a segment of length {@code s}, and {@code τ ~ Exp(λ)}
 * the time to the next failure. If {@code τ ≥ s} (probability {@code e^(−λs)}) it takes {@code s};
 * otherwise {@code τ + R} is lost and, the process being memoryless, the segment starts afresh
 * with the same law: {@code X = min(τ, s) + 1[τ < s]·(R + X')}. Taking expectations, with
 * {@code E[min(τ, s)] = (1 − e^(−λs))/λ}:
 *
 * <pre>  E[X] = (1 − e^(−λs))/λ + (1 − e^(−λs))·(R + E[X])
 *  ⇒ E[X] = (e^(λs) − 1)·(1/λ + R).</pre>
 *
 * The failures before the success are geometric with mean {@code e^(λs) − 1}, and each failed
 * try loses {@code E[τ | τ < s] = 1/λ − s/(e^(λs) − 1)} of work, which checks out by Wald:
 * {@code s + (e^(λs) − 1)·(E[τ | τ < s] + R)} is the same {@code E[X]}. Segments are independent,
 * so
 *
 * <pre>  E[completion] = (⌈W/T⌉ − 1)·(e^(λ(T+δ)) − 1)·(1/λ + R) + (e^(λw) − 1)·(1/λ + R)</pre>
 *
 * and the waste {@code E[completion] − W} splits into the durable checkpoints
 * {@code (⌈W/T⌉ − 1)·δ}, the restarts {@code R·E[failures]}, and the rework (lost partial
 * segments, failed checkpoints included). For {@code λs ≪ 1} each segment costs about
 * {@code s + λs²/2}, so the waste per unit of work is about {@code δ/T + λT/2}, which is minimal
 * at Young's {@code T = sqrt(2δ/λ)}; Daly's interval minimizes the exact expression better.
 *
 * <p><b>Restart cost.</b> Only its mean matters: given the number of failures the total restart
 * time is their sum, so a random {@code R} independent of the failures gives the same
 * expectations. Lifeline's backoff doubles with the retry number (full jitter, mean half the
 * ceiling); with the default 500 ms base the first three backoffs average 0.25, 0.5 and 1 s,
 * small beside a phi detector's ~2 s, so a constant {@code R} = detection + mean backoff +
 * dispatch is the honest summary. Unbounded attempts here; see {@link BoundedRetries} for
 * Lifeline's attempt limit.
 *
 * @param work {@code W}, failure-free work the step needs; positive
 * @param interval {@code T}, work between checkpoints; positive
 * @param checkpointCost {@code δ}, time one checkpoint takes; not negative
 * @param mtbf {@code 1/λ}, mean time between failures of the agent running it; positive
 * @param restartCost {@code R}, time from a failure to the next attempt running; not negative
 */
public record CheckpointedWork(
    Duration work, Duration interval, Duration checkpointCost, Duration mtbf, Duration restartCost) {

  public CheckpointedWork {
    Require.positiveSeconds("work", work);
    Require.positiveSeconds("interval", interval);
    Require.notNegative("checkpointCost", checkpointCost);
    Require.positiveSeconds("mtbf", mtbf);
    Require.notNegative("restartCost", restartCost);
  }

  /** The same work checkpointed every {@link CheckpointIntervals#daly} interval. */
  public static CheckpointedWork dalyInterval(
      Duration work, Duration checkpointCost, Duration mtbf, Duration restartCost) {
    return new CheckpointedWork(
        work, CheckpointIntervals.daly(checkpointCost, mtbf), checkpointCost, mtbf, restartCost);
  }

  /**
   * Expected values of one run of the step.
   *
   * @param completion {@code E[completion time]}
   * @param waste {@code completion − work}: {@code checkpointing + restarting + rework}
   * @param failures the expected number of failures
   * @param checkpointing the durable checkpoints, {@code (⌈W/T⌉ − 1)·δ}
   * @param restarting {@code R · failures}
   * @param rework work and checkpoints lost to failures
   */
  public record Expectation(
      Duration completion, Duration waste, double failures, Duration checkpointing,
      Duration restarting, Duration rework) {}

  /** Segments that end in a checkpoint: {@code ⌈W/T⌉ − 1}. */
  public long checkpoints() {
    long whole = work.dividedBy(interval);
    return work.equals(interval.multipliedBy(whole)) ? whole - 1 : whole;
  }

  /** The last stretch of work, which ends with the result: in {@code (0, T]}. */
  public Duration lastSegment() {
    return work.minus(interval.multipliedBy(checkpoints()));
  }

  /**
   * The expectations derived above. Durations saturate at the longest {@code Duration} when the
   * expectation overflows (a segment many MTBFs long practically never completes).
   */
  public Expectation expected() {
    Segment full = checkpointedSegment();
    Segment last = lastStretch();
    long n = checkpoints();
    double completion = times(n, full.expectedTime()) + last.expectedTime();
    double failures = times(n, full.expectedFailures()) + last.expectedFailures();
    double checkpointing = n * CheckpointIntervals.seconds(checkpointCost);
    double restarting = failures * CheckpointIntervals.seconds(restartCost);
    double waste = completion - CheckpointIntervals.seconds(work);
    return new Expectation(
        duration(completion), duration(waste), failures, duration(checkpointing),
        duration(restarting), duration(waste - checkpointing - restarting));
  }

  /** {@code n·x}, where no segment at all contributes nothing even if one would be infinite. */
  static double times(long n, double x) {
    return n == 0 ? 0 : n * x;
  }

  /** A segment of {@code T + δ}, ending in a checkpoint. */
  Segment checkpointedSegment() {
    return segment(interval.plus(checkpointCost));
  }

  /** The last stretch, {@link #lastSegment()} long. */
  Segment lastStretch() {
    return segment(lastSegment());
  }

  private Segment segment(Duration length) {
    return new Segment(
        CheckpointIntervals.seconds(length), 1 / CheckpointIntervals.seconds(mtbf),
        CheckpointIntervals.seconds(restartCost));
  }

  /**
   * Seconds as a Duration. Rounding can leave a waste of −1e−12 s where it is zero, which would
   * be a negative Duration; infinities saturate.
   */
  static Duration duration(double seconds) {
    if (Double.isNaN(seconds)) {
      return CheckpointIntervals.ofSeconds(Double.POSITIVE_INFINITY); // ∞ − ∞: a part of ∞ waste
    }
    return CheckpointIntervals.ofSeconds(Math.max(0, seconds));
  }
}
