package io.lifeline.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;

class NormalTailTest {

  /** Reference values from erfc in double precision (Python's math.erfc). */
  @Example
  void matchesReferenceValuesToTheFitsPrecision() {
    assertThat(NormalTail.upperTail(0)).isCloseTo(0.5, within(1e-7));
    assertThat(NormalTail.upperTail(1.2815515655)).isCloseTo(0.1, within(1e-7 * 0.1));
    assertThat(NormalTail.upperTail(5.226)).isCloseTo(8.660817920899898e-08, within(3e-7 * 8.66e-8));
    assertThat(NormalTail.upperTail(-1)).isCloseTo(1 - NormalTail.upperTail(1), within(1e-15));
    assertThat(NormalTail.upperQuantile(1.3888888888888889e-06)).isCloseTo(4.68660246499118, within(1e-5));
  }

  @Property
  void theQuantileInvertsTheTail(@ForAll @DoubleRange(min = -30, max = 30) double z) {
    double p = NormalTail.upperTail(z);
    if (p <= 0 || p >= 1) {
      return;
    }
    assertThat(NormalTail.upperTail(NormalTail.upperQuantile(p))).isCloseTo(p, within(1e-9 * p + 1e-15));
  }
}
