package io.lifeline.reliability;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link CheckpointedWork} with a limit on attempts: the chance of finishing at all, and the
 * expected time of the runs that do.
 *
 * <h2>Two limits</h2>
 *
 * <ul>
 *   <li>{@link #perStep}: at most {@code n} attempts for the whole step, which is what Lifeline
 *       does ({@code RetryPolicy.maxAttempts}, I4: progress saved in checkpoints does not give a
 *       step more attempts). It finishes iff the failures {@code F = G + H} over all segments are
 *       at most {@code n − 1}, where {@code G}, the failures of the {@code m = ⌈W/T⌉ − 1}
 *       checkpointed segments, is negative binomial,
 *       {@code P(G = g) = C(m+g−1, g)·p^m·q^g} ({@code p = e^(−λ(T+δ))}, {@code q = 1 − p}), and
 *       {@code H}, those of the last stretch, geometric: {@code P(H ≤ x) = 1 − q_w^(x+1)}. So
 *       {@code P(finish) = Σ_{g<n} P(G = g)·P(H ≤ n−1−g)}.
 *   <li>{@link #perSegment}: at most {@code n} attempts for each segment (a policy that resets
 *       its count whenever a checkpoint becomes durable). The segments are independent:
 *       {@code P(finish) = (1 − q^n)^m·(1 − q_w^n)}.
 * </ul>
 *
 * Given the failure counts, each failed try of a segment of length {@code s} still loses
 * {@code E[τ | τ < s] + R} on average (whether the step finishes depends only on the counts), so
 * {@code E[time | finish] = m·(T+δ) + w + c·E[G | finish] + c_w·E[H | finish]} with {@code c} and
 * {@code c_w} those per-failure costs. The sums run over at most {@code n} terms, in logarithms,
 * so neither a million segments nor a hopeless segment underflows before the ratio is taken.
 *
 * <h2>The seed article's formula</h2>
 *
 * Section 4.3 gives, for at most {@code n} retries, task time {@code 1/μ} and failure rate
 * {@code λ}: {@code E[T] = 1/μ + Σ_{k=1..n} λ^k/(μ+λ)^(k+1) · k/μ}. It is wrong three ways:
 *
 * <ol>
 *   <li><i>Units.</i> {@code λ^k/(μ+λ)^(k+1)} is a time, not a probability (it lacks the factor
 *       {@code μ} of {@code P(k failures, then success) = μλ^k/(μ+λ)^(k+1)}), so each term is a
 *       time squared added to a time: with λ = 1/4 h⁻¹, 1/μ = 1 h and n = 3 it gives 1.24 "h" in
 *       hours and 935.5 "min" (15.6 h) in minutes. (Its own model gives {@code E[T | finish]} = 0.995 h.)
 *   <li><i>Cost of a failure.</i> It charges a full task time {@code 1/μ} per failure. With an
 *       exponential task time and failures racing it, each try lasts {@code min(D, τ) ~
 *       Exp(λ+μ)} whether it fails or not, so a failure costs {@code 1/(λ+μ)} and, unbounded,
 *       {@code E[T] = E[tries]/(λ+μ) = 1/μ} exactly: memoryless work loses nothing to a restart.
 *       That is the deeper flaw: an exponential task time cannot express lost work at all. Work
 *       has a fixed size {@code W} here, and a restart redoes what was not checkpointed.
 *   <li><i>Bounded retries.</i> It never says how likely the task is to finish within its
 *       retries ({@code 1 − (λ/(λ+μ))^(n+1)} in its model), and adds to an unconditional first
 *       term a partial sum over the runs that do finish, so it is neither {@code E[T]} nor
 *       {@code E[T | finish]}. The right quantities are {@code P(finish)} and
 *       {@code E[T | finish]}, as here.
 * </ol>
 *
 * {@code SeedDefectRetryFormulaTest} computes all three against a simulation of the article's
 * own model.
 */
public final class BoundedRetries {

  /**
   * The limit above which {@code n} is no longer a limit worth modelling one term at a time (the
   * sums are O(n)); such a step practically has unbounded attempts, see {@link CheckpointedWork}.
   */
  public static final int MAX_ATTEMPTS = 1_000_000;

  private BoundedRetries() {}

  /**
   * The chance that the step finishes, and what the runs that finish take on average.
   *
   * @param probability {@code P(finish)}; may underflow to 0 for hopeless steps
   * @param expectedTimeIfFinished {@code E[time | finish]}; empty when even its ratio underflows
   *     (a segment hundreds of MTBFs long)
   * @param expectedFailuresIfFinished {@code E[F | finish]}, at most {@code n − 1}; NaN when empty
   */
  public record Outcome(
      double probability, Optional<Duration> expectedTimeIfFinished, double expectedFailuresIfFinished) {}

  /** At most {@code maxAttempts} attempts for the whole step, as Lifeline counts them. */
  public static Outcome perStep(CheckpointedWork work, int maxAttempts) {
    int budget = failuresAllowed(work, maxAttempts);
    Segment full = work.checkpointedSegment();
    Segment last = work.lastStretch();
    long m = work.checkpoints();
    double[] lastPartial = last.partialFailureMeans(budget);

    // log P(G = g) for g = 0..budget, by the ratio C(m+g−1, g)/C(m+g−2, g−1) = (m+g−1)/g.
    double[] logG = new double[budget + 1];
    logG[0] = m * full.logSuccess();
    for (int g = 1; g <= budget; g++) {
      logG[g] = logG[g - 1] + Math.log((m + g - 1.0) / g) + full.logFailure();
    }
    double max = Double.NEGATIVE_INFINITY;
    for (int g = 0; g <= budget; g++) {
      max = Math.max(max, logG[g] + last.logAtMostFailures(budget - g));
    }
    if (max == Double.NEGATIVE_INFINITY) {
      return new Outcome(0, Optional.empty(), Double.NaN);
    }
    double finish = 0;
    double gMoment = 0;
    double hMoment = 0;
    for (int g = 0; g <= budget; g++) {
      double weight = Math.exp(logG[g] + last.logAtMostFailures(budget - g) - max);
      finish += weight;
      gMoment += g * weight;
      hMoment += Math.exp(logG[g] - max) * lastPartial[budget - g];
    }
    double failuresG = gMoment / finish;
    double failuresH = hMoment / finish;
    double time = CheckpointedWork.times(m, full.length()) + last.length()
        + full.costPerFailure() * failuresG + last.costPerFailure() * failuresH;
    return new Outcome(
        Math.min(1, Math.exp(max) * finish),
        Optional.of(CheckpointedWork.duration(time)),
        failuresG + failuresH);
  }

  /** At most {@code maxAttempts} attempts for each segment. */
  public static Outcome perSegment(CheckpointedWork work, int maxAttempts) {
    int budget = failuresAllowed(work, maxAttempts);
    long m = work.checkpoints();
    var last = Truncated.of(work.lastStretch(), budget).orElse(null);
    var full = m == 0 ? Truncated.NONE : Truncated.of(work.checkpointedSegment(), budget).orElse(null);
    if (last == null || full == null) {
      return new Outcome(0, Optional.empty(), Double.NaN);
    }
    return new Outcome(
        Math.exp(CheckpointedWork.times(m, full.logFinish()) + last.logFinish()),
        Optional.of(CheckpointedWork.duration(CheckpointedWork.times(m, full.time()) + last.time())),
        CheckpointedWork.times(m, full.failures()) + last.failures());
  }

  /**
   * One segment under a limit of {@code budget} failures: {@code log P(F ≤ budget)}, and the
   * expected failures and time given that.
   */
  private record Truncated(double logFinish, double failures, double time) {

    static final Truncated NONE = new Truncated(0, 0, 0);

    /** Empty when {@code P(F ≤ budget)} underflows, so the conditional values are undefined. */
    static Optional<Truncated> of(Segment segment, int budget) {
      double logFinish = segment.logAtMostFailures(budget);
      double finish = Math.exp(logFinish);
      if (finish == 0) {
        return Optional.empty();
      }
      double failures = segment.partialFailureMeans(budget)[budget] / finish;
      return Optional.of(new Truncated(
          logFinish, failures, segment.length() + segment.costPerFailure() * failures));
    }
  }

  private static int failuresAllowed(CheckpointedWork work, int maxAttempts) {
    Objects.requireNonNull(work, "work");
    if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS) {
      throw new IllegalArgumentException(
          "maxAttempts must be between 1 and " + MAX_ATTEMPTS + ", was " + maxAttempts);
    }
    return maxAttempts - 1;
  }
}
