package io.lifeline.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

/**
 * What the Monte-Carlo checks share. Each check draws from a {@link java.util.SplittableRandom}
 * with a fixed seed, so it is deterministic; the tolerance says how far a correct formula may
 * fall from the sample.
 *
 * <p><b>Tolerance: 4 standard errors.</b> About 60 comparisons run against simulations; at 3
 * standard errors a correct formula would fail one of them with an arbitrary seed about 15% of
 * the time, at 4 about 0.4%. The seeds were not chosen to make the tests pass.
 */
final class MonteCarlo {

  static final double STANDARD_ERRORS = 4;

  private MonteCarlo() {}

  /** A running mean and variance (Welford), for sample means of times. */
  static final class Sample {
    private long count;
    private double mean;
    private double squares;

    void add(double value) {
      count++;
      double delta = value - mean;
      mean += delta / count;
      squares += delta * (value - mean);
    }

    long count() {
      return count;
    }

    double mean() {
      return mean;
    }

    double standardError() {
      return Math.sqrt(squares / (count - 1) / count);
    }
  }

  /** The sample mean is within the tolerance of {@code expected}. */
  static void assertMean(Sample sample, double expected, String what) {
    assertThat(sample.mean())
        .as("%s: simulated %.6g ± %.2g (n = %d), formula %.6g", what, sample.mean(),
            sample.standardError(), sample.count(), expected)
        .isBetween(expected - STANDARD_ERRORS * sample.standardError(),
            expected + STANDARD_ERRORS * sample.standardError());
  }

  /**
   * {@code successes} of {@code trials} is within the tolerance of probability {@code expected};
   * the standard error is the formula's, {@code sqrt(p(1−p)/n)}, so that a sample of all
   * successes still has a tolerance.
   */
  static void assertProportion(long successes, long trials, double expected, String what) {
    double observed = (double) successes / trials;
    double error = Math.sqrt(expected * (1 - expected) / trials);
    assertThat(observed)
        .as("%s: simulated %d/%d = %.6g, formula %.6g ± %.2g", what, successes, trials, observed,
            expected, error)
        .isBetween(expected - STANDARD_ERRORS * error, expected + STANDARD_ERRORS * error);
  }

  static double seconds(Duration duration) {
    return CheckpointIntervals.seconds(duration);
  }
}
