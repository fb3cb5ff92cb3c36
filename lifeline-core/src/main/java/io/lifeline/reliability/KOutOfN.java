package io.lifeline.reliability;

import java.util.Objects;

/**
 * The probability that at least {@code k} of {@code n} independent components are up, each up with
 * its own probability (its reliability over a horizon, or its availability).
 *
 * <ul>
 *   <li>{@link #identical}: the binomial tail {@code Σ_{i=k..n} C(n,i)·p^i·(1−p)^(n−i)}, the seed
 *       article's section 4.1 formula. Each term is formed in logarithms, so large {@code n} neither
 *       overflows {@code C(n,i)} nor underflows {@code p^i}.
 *   <li>{@link #of}: components with different probabilities (the Poisson binomial distribution),
 *       by dynamic programming over the components: after component {@code i}, {@code up[j]} is the
 *       probability that exactly {@code j} of the first {@code i} are up, with {@code j = k} standing
 *       for "k or more" because more than k changes nothing. O(n·k) time, no cancellation: every
 *       step only adds products of probabilities.
 * </ul>
 *
 * Independence is the assumption: agents that share a provider fail together, which this cannot
 * see (group them as one component, or see {@link WorkflowReliability} for shared agents).
 */
public final class KOutOfN {

  private KOutOfN() {}

  /**
   * At least {@code k} of {@code n} identical components up, each with probability {@code p}.
   *
   * @param k needed, 1 to {@code n}
   * @param n at least 1
   * @param p each component's probability of being up, in [0, 1]
   */
  public static double identical(int k, int n, double p) {
    Require.atLeast("n", n, 1);
    requireK(k, n);
    Require.probability("p", p);
    if (p == 0 || p == 1) {
      return p;
    }
    double logP = Math.log(p);
    double logQ = Math.log1p(-p);
    double logChoose = 0; // log C(n, 0)
    double sum = 0;
    for (int i = 0; i <= n; i++) {
      if (i > 0) {
        logChoose += Math.log((double) (n - i + 1) / i);
      }
      if (i >= k) {
        sum += Math.exp(logChoose + i * logP + (n - i) * logQ);
      }
    }
    return Math.min(1, sum);
  }

  /**
   * At least {@code k} of the components up, component {@code i} with probability {@code p[i]}.
   *
   * @param k needed, 1 to {@code p.length}
   * @param p each component's probability of being up; not empty, each in [0, 1]
   */
  public static double of(int k, double... p) {
    Objects.requireNonNull(p, "p");
    Require.atLeast("number of components", p.length, 1);
    requireK(k, p.length);
    double[] up = new double[k + 1];
    up[0] = 1;
    for (int i = 0; i < p.length; i++) {
      double pi = Require.probability("p[" + i + "]", p[i]);
      // Walk j downwards so that up[j - 1] is still the value before component i.
      up[k] = up[k] + up[k - 1] * pi;
      for (int j = k - 1; j >= 1; j--) {
        up[j] = up[j] * (1 - pi) + up[j - 1] * pi;
      }
      up[0] = up[0] * (1 - pi);
    }
    return Math.min(1, up[k]);
  }

  private static void requireK(int k, int n) {
    if (k < 1 || k > n) {
      throw new IllegalArgumentException("k must be between 1 and n (" + n + "), was " + k);
    }
  }
}
