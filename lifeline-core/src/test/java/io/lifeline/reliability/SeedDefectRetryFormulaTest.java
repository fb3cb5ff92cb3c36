package io.lifeline.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lifeline.reliability.MonteCarlo.Sample;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seed defect: section 4.3 gives the expected completion time with at most n retries as
 * {@code E[T] = 1/μ + Σ_{k=1..n} λ^k/(μ+λ)^(k+1) · k/μ}. Its terms are not probabilities, so the
 * answer depends on the unit; in its own model (exponential task time, failures at rate λ,
 * restart from scratch) failures cost nothing on average; and it never gives the chance of
 * finishing. See {@link BoundedRetries}. The example: a failure every 4 h, 1 h tasks, 3 retries.
 */
class SeedDefectRetryFormulaTest {

  private static final double LAMBDA_PER_HOUR = 0.25;
  private static final double MU_PER_HOUR = 1;
  private static final int RETRIES = 3;

  /** The article's formula, as printed. */
  private static double seedFormula(double lambda, double mu, int retries) {
    double sum = 0;
    for (int k = 1; k <= retries; k++) {
      sum += Math.pow(lambda, k) / Math.pow(mu + lambda, k + 1) * (k / mu);
    }
    return 1 / mu + sum;
  }

  @Test
  void theArticlesFormulaGivesAnswersThatDependOnTheUnit() {
    double inHours = seedFormula(LAMBDA_PER_HOUR, MU_PER_HOUR, RETRIES);
    double inMinutes = seedFormula(LAMBDA_PER_HOUR / 60, MU_PER_HOUR / 60, RETRIES);

    assertThat(inHours).isCloseTo(1.2432, within(1e-9));
    assertThat(inMinutes / 60).as("the same numbers in minutes, in hours").isCloseTo(15.592, within(1e-9));
  }

  /** Each try ends after min(task, failure) ~ Exp(λ+μ), a failure or not: on average 1/μ in all. */
  @Test
  void inTheArticlesOwnModelFailuresCostNothingOnAverage() {
    var random = new SplittableRandom(11);
    var time = new Sample();
    for (int i = 0; i < 100_000; i++) {
      time.add(articleModel(random, Integer.MAX_VALUE).time());
    }

    MonteCarlo.assertMean(time, 1 / MU_PER_HOUR, "unbounded retries in the article's model");
    assertThat(seedFormula(LAMBDA_PER_HOUR, MU_PER_HOUR, RETRIES))
        .isGreaterThan(time.mean() + 20 * time.standardError());
  }

  /**
   * With at most 3 retries: {@code P(finish) = 1 − a^4} with {@code a = λ/(λ+μ) = 0.2}, and
   * {@code E[T | finish] = (1 + E[K | K ≤ 3])/(λ+μ)} = 0.995 h, K the failures.
   */
  @Test
  void boundedRetriesInTheArticlesModelAreAChanceAndAConditionalMean() {
    double a = LAMBDA_PER_HOUR / (LAMBDA_PER_HOUR + MU_PER_HOUR);
    double weights = 0;
    double failures = 0;
    for (int k = 0; k <= RETRIES; k++) {
      weights += Math.pow(a, k);
      failures += k * Math.pow(a, k);
    }
    double finish = 1 - Math.pow(a, RETRIES + 1);
    double timeIfFinished = (1 + failures / weights) / (LAMBDA_PER_HOUR + MU_PER_HOUR);
    assertThat(finish).isCloseTo(0.9984, within(1e-12));
    assertThat(timeIfFinished).isCloseTo(0.99487, within(1e-5));

    var random = new SplittableRandom(12);
    int trials = 100_000;
    int finished = 0;
    var time = new Sample();
    for (int i = 0; i < trials; i++) {
      var run = articleModel(random, RETRIES + 1);
      if (run.finished()) {
        finished++;
        time.add(run.time());
      }
    }
    MonteCarlo.assertProportion(finished, trials, finish, "P(finish) in the article's model");
    MonteCarlo.assertMean(time, timeIfFinished, "E[T | finish] in the article's model");
  }

  /**
   * What the article's model cannot express: 8 h of real work at a failure every 4 h takes
   * (e² − 1)·4 h = 25.6 h without checkpoints (each failure loses everything done), 9.1 h with
   * Daly's 2-minute checkpoints every 29.7 min.
   */
  @Test
  void workOfAFixedSizeLosesWhatWasNotCheckpointed() {
    var uncheckpointed = new CheckpointedWork(Duration.ofHours(8), Duration.ofHours(8), Duration.ZERO,
        Duration.ofHours(4), Duration.ZERO);
    var daly = CheckpointedWork.dalyInterval(Duration.ofHours(8), Duration.ofMinutes(2), Duration.ofHours(4),
        Duration.ZERO);

    assertThat(hours(uncheckpointed.expected().completion())).isCloseTo(25.56, within(0.01));
    assertThat(hours(daly.expected().completion())).isCloseTo(9.12, within(0.01));
  }

  private static double hours(Duration duration) {
    return MonteCarlo.seconds(duration) / 3600;
  }

  private record Run(boolean finished, double time) {}

  /** The article's model in hours: exponential task time, failures racing it, a fresh try after each. */
  private static Run articleModel(SplittableRandom random, int maxTries) {
    double time = 0;
    for (int tries = 1; tries <= maxTries; tries++) {
      double task = random.nextExponential() / MU_PER_HOUR;
      double failure = random.nextExponential() / LAMBDA_PER_HOUR;
      time += Math.min(task, failure);
      if (task <= failure) {
        return new Run(true, time);
      }
    }
    return new Run(false, time);
  }
}
