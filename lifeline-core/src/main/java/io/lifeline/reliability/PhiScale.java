package io.lifeline.reliability;

/**
 * The phi of {@link io.lifeline.detect.PhiAccrualDetector} as a function of the standardized
 * silence {@code y = (t − mean − acceptablePause)/stdDeviation}, and its inverse:
 * {@code phi = −log10(1 − F(y))} with Pekko's logistic approximation
 * {@code F(y) = 1/(1 + e^(−z))}, {@code z = y·(1.5976 + 0.070566·y²)}, i.e.
 * {@code phi = log10(1 + e^z)}.
 *
 * <p>The detector keeps its formula package-private in {@code detect}; this repeats the two
 * constants because the advice needs the inverse, which the detector does not have.
 * {@code PhiScaleTest} pins the two together by feeding a real detector heartbeats whose mean and
 * standard deviation are known.
 */
final class PhiScale {

  /** Pekko's coefficients of the logistic approximation. */
  private static final double LINEAR = 1.5976;

  private static final double CUBIC = 0.070566;

  private static final double LN_10 = Math.log(10);

  private PhiScale() {}

  /** Phi after a standardized silence {@code y}. */
  static double phi(double y) {
    double z = y * (LINEAR + CUBIC * y * y);
    return (Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)))) / LN_10;
  }

  /**
   * The standardized silence at which phi reaches {@code phi} (positive): first
   * {@code z = ln(10^phi − 1)}, then the one real root of the increasing cubic
   * {@code CUBIC·y³ + LINEAR·y − z = 0} by Cardano's formula, polished by a Newton step (the
   * formula subtracts nearly equal cube roots when {@code z} is small).
   */
  static double silence(double phi) {
    if (!(phi > 0) || Double.isInfinite(phi)) {
      throw new IllegalArgumentException("phi must be positive and finite, was " + phi);
    }
    double z = phi * LN_10 + Math.log(-Math.expm1(-phi * LN_10)); // ln(10^phi − 1) without overflow
    double p = LINEAR / CUBIC;
    double q = -z / CUBIC;
    double root = Math.sqrt(q * q / 4 + p * p * p / 27);
    double y = Math.cbrt(-q / 2 + root) + Math.cbrt(-q / 2 - root);
    return y - (y * (LINEAR + CUBIC * y * y) - z) / (LINEAR + 3 * CUBIC * y * y);
  }
}
