package io.lifeline.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class KOutOfNTest {

  /** The textbook 2-out-of-3 (triple modular redundancy): 3p² − 2p³ = 0.972 at p = 0.9. */
  @Example
  void twoOfThreeAtNinetyPercentIs0972() {
    assertThat(KOutOfN.identical(2, 3, 0.9)).isCloseTo(0.972, within(1e-12));
    assertThat(KOutOfN.of(2, 0.9, 0.9, 0.9)).isCloseTo(0.972, within(1e-12));
  }

  @Example
  void oneOfNIsOneMinusAllDownAndNOfNIsAllUp() {
    assertThat(KOutOfN.of(1, 0.5, 0.8, 0.9)).isCloseTo(1 - 0.5 * 0.2 * 0.1, within(1e-15));
    assertThat(KOutOfN.of(3, 0.5, 0.8, 0.9)).isCloseTo(0.5 * 0.8 * 0.9, within(1e-15));
  }

  @Example
  void largePoolsNeitherOverflowNorUnderflow() {
    // 5,000 agents at 99%: 4,900 needed is ~2 standard deviations below the mean of 4,950.
    double r = KOutOfN.identical(4_900, 5_000, 0.99);
    assertThat(r).isBetween(0.99, 1.0);
    assertThat(KOutOfN.identical(1, 10_000, 1e-3)).isCloseTo(1 - Math.pow(0.999, 10_000), within(1e-12));
  }

  @Example
  void matchesASimulationOfIndependentAgents() {
    double[] p = {0.95, 0.9, 0.8, 0.7, 0.99};
    var random = new SplittableRandom(2);
    int trials = 100_000;
    int ok = 0;
    for (int i = 0; i < trials; i++) {
      int up = 0;
      for (double pi : p) {
        up += random.nextDouble() < pi ? 1 : 0;
      }
      ok += up >= 4 ? 1 : 0;
    }
    MonteCarlo.assertProportion(ok, trials, KOutOfN.of(4, p), "4 of 5 different agents");
  }

  @Property
  void theDynamicProgramEqualsTheBinomialForIdenticalAgents(
      @ForAll @IntRange(min = 1, max = 60) int n,
      @ForAll @IntRange(min = 1, max = 60) int k,
      @ForAll @DoubleRange(min = 0, max = 1) double p) {
    Assume.that(k <= n);
    double[] same = new double[n];
    Arrays.fill(same, p);

    assertThat(KOutOfN.of(k, same)).isCloseTo(KOutOfN.identical(k, n, p), within(1e-12));
  }

  @Property
  void theDynamicProgramEqualsEnumeratingEveryState(
      @ForAll @Size(min = 1, max = 10) List<@DoubleRange(min = 0, max = 1) Double> probabilities,
      @ForAll @IntRange(min = 1, max = 10) int k) {
    Assume.that(k <= probabilities.size());
    double[] p = probabilities.stream().mapToDouble(Double::doubleValue).toArray();
    double sum = 0;
    for (int state = 0; state < 1 << p.length; state++) {
      double probability = 1;
      for (int i = 0; i < p.length; i++) {
        probability *= (state >> i & 1) == 1 ? p[i] : 1 - p[i];
      }
      sum += Integer.bitCount(state) >= k ? probability : 0;
    }

    assertThat(KOutOfN.of(k, p)).isCloseTo(sum, within(1e-12));
  }

  @Property
  void moreAgentsNeverLowerReliabilityAndANeedForMoreNeverRaisesIt(
      @ForAll @IntRange(min = 1, max = 200) int n,
      @ForAll @IntRange(min = 1, max = 200) int k,
      @ForAll @DoubleRange(min = 0, max = 1) double p) {
    Assume.that(k <= n);

    assertThat(KOutOfN.identical(k, n + 1, p)).isGreaterThanOrEqualTo(KOutOfN.identical(k, n, p) - 1e-12);
    if (k < n) {
      assertThat(KOutOfN.identical(k + 1, n, p)).isLessThanOrEqualTo(KOutOfN.identical(k, n, p) + 1e-12);
    }
  }

  @Property
  void aMoreReliableAgentNeverLowersReliability(
      @ForAll @Size(min = 1, max = 12) List<@DoubleRange(min = 0, max = 1) Double> probabilities,
      @ForAll @IntRange(min = 1, max = 12) int k,
      @ForAll @IntRange(min = 0, max = 11) int which,
      @ForAll @DoubleRange(min = 0, max = 1) double better) {
    Assume.that(k <= probabilities.size() && which < probabilities.size());
    double[] p = probabilities.stream().mapToDouble(Double::doubleValue).toArray();
    double[] improved = p.clone();
    improved[which] = Math.max(p[which], better);

    assertThat(KOutOfN.of(k, improved)).isGreaterThanOrEqualTo(KOutOfN.of(k, p) - 1e-12);
  }

  @Example
  void invalidInputIsRefusedNamingTheParameter() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> KOutOfN.identical(4, 3, 0.9))
        .withMessage("k must be between 1 and n (3), was 4");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> KOutOfN.identical(1, 0, 0.9))
        .withMessage("n must be at least 1, was 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> KOutOfN.identical(1, 3, 1.1))
        .withMessage("p must be a probability in [0, 1], was 1.1");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> KOutOfN.of(1, 0.5, Double.NaN))
        .withMessage("p[1] must be a probability in [0, 1], was NaN");
  }
}
