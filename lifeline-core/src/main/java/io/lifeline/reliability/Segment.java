package io.lifeline.reliability;

/**
 * One stretch of work that either runs to its end without a failure or is redone from its start:
 * the work between two checkpoints plus the checkpoint that ends it. Failures are a Poisson
 * process of {@code rate}; each costs {@code restart} seconds before the stretch starts again.
 * Lengths in seconds, rates per second. See {@link CheckpointedWork} for the derivations.
 *
 * @param length {@code s}, seconds; positive
 * @param rate {@code λ}, failures per second; positive
 * @param restart {@code R}, seconds lost per failure besides the work; not negative
 */
record Segment(double length, double rate, double restart) {

  /**
   * Below this {@code λs} the lost-time formula {@code s·(1/x − 1/(e^x − 1))} cancels badly and
   * its Taylor series {@code s·(1/2 − x/12)} is exact to double precision (the next term is
   * {@code x³/720}).
   */
  private static final double SERIES_BELOW = 1e-4;

  /** {@code λs}: the expected number of failures in one failure-free length. */
  double exposure() {
    return rate * length;
  }

  /** {@code log p}, where {@code p = e^(−λs)} is the chance that one try succeeds. */
  double logSuccess() {
    return -exposure();
  }

  /** {@code log q}, {@code q = 1 − e^(−λs)}, accurate both for tiny and for huge {@code λs}. */
  double logFailure() {
    double x = exposure();
    return x > Math.log(2) ? Math.log1p(-Math.exp(-x)) : Math.log(-Math.expm1(-x));
  }

  /** {@code E[failures] = (1 − p)/p = e^(λs) − 1} (failures before the success are geometric). */
  double expectedFailures() {
    return Math.expm1(exposure());
  }

  /** {@code E[time] = (e^(λs) − 1)·(1/λ + R)}. */
  double expectedTime() {
    return expectedFailures() * (1 / rate + restart);
  }

  /** {@code E[τ | τ < s] + R}: the work lost by one failed try, plus its restart. */
  double costPerFailure() {
    double x = exposure();
    double lost = x < SERIES_BELOW ? length * (0.5 - x / 12) : length * (1 / x - 1 / Math.expm1(x));
    return lost + restart;
  }

  /** {@code log P(F ≤ x) = log(1 − q^(x+1))}, F the failures before the success. */
  double logAtMostFailures(int x) {
    return Math.log(-Math.expm1((x + 1) * logFailure()));
  }

  /**
   * {@code E[F; F ≤ x] = Σ_{f=0..x} f·p·q^f} for every {@code x} from 0 to {@code most}: the
   * partial means a truncated geometric distribution needs. Summed term by term, since the closed
   * form cancels when {@code q} is near 1.
   */
  double[] partialFailureMeans(int most) {
    double logP = logSuccess();
    double logQ = logFailure();
    double[] partial = new double[most + 1];
    for (int f = 1; f <= most; f++) {
      partial[f] = partial[f - 1] + f * Math.exp(logP + f * logQ);
    }
    return partial;
  }
}
