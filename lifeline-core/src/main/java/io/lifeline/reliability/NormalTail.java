package io.lifeline.reliability;

/**
 * The upper tail of the standard normal distribution, {@code Q(z) = P(Z > z)}, and its inverse.
 * The JDK has neither.
 */
final class NormalTail {

  /**
   * Where the inverse searches: {@code Q(−40) = 1} and {@code Q(40) ≈ 4e−350} in double
   * precision, so every probability in (0, 1) has its quantile inside.
   */
  private static final double SEARCH_LIMIT = 40;

  /** Bisection halvings: 80 shrink the 80-wide bracket below 1e−22, past double precision. */
  private static final int HALVINGS = 80;

  private NormalTail() {}

  /**
   * {@code Q(z) = erfc(z/√2)/2}, with the Chebyshev fit of erfc from Numerical Recipes
   * ({@code erfcc}), whose relative error is about 2e−7 everywhere, deep tails included: ample for
   * advice about rare events, and it needs no table.
   */
  static double upperTail(double z) {
    double x = Math.abs(z) / Math.sqrt(2);
    double t = 1 / (1 + 0.5 * x);
    double erfc = t * Math.exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196
        + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398
        + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
    return z >= 0 ? erfc / 2 : 1 - erfc / 2;
  }

  /** The {@code z} with {@code Q(z) = p}, for {@code p} in (0, 1); by bisection, Q being monotone. */
  static double upperQuantile(double p) {
    if (!(p > 0 && p < 1)) {
      throw new IllegalArgumentException("p must be in (0, 1), was " + p);
    }
    double low = -SEARCH_LIMIT;
    double high = SEARCH_LIMIT;
    for (int i = 0; i < HALVINGS; i++) {
      double mid = (low + high) / 2;
      if (upperTail(mid) > p) {
        low = mid;
      } else {
        high = mid;
      }
    }
    return (low + high) / 2;
  }
}
