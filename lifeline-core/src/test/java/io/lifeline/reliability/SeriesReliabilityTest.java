package io.lifeline.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class SeriesReliabilityTest {

  private static final List<Duration> MTBFS = List.of(Duration.ofHours(10), Duration.ofHours(20));

  @Example
  void twoAgentsOverOneHourAreExpOfMinusTheSumOfRates() {
    assertThat(SeriesReliability.of(MTBFS, Duration.ofHours(1)))
        .isCloseTo(Math.exp(-0.1 - 0.05), within(1e-15));
    assertThat(SeriesReliability.mtbf(MTBFS)).isEqualTo(Duration.ofMinutes(400));
    assertThat(SeriesReliability.survival(Duration.ofHours(4), Duration.ofHours(4)))
        .isCloseTo(Math.exp(-1), within(1e-15));
  }

  @Example
  void matchesASimulationOfExponentialLifetimes() {
    var random = new SplittableRandom(1);
    List<Duration> mtbfs = List.of(Duration.ofHours(3), Duration.ofHours(5), Duration.ofHours(8));
    double horizon = 3600;
    int trials = 100_000;
    int survived = 0;
    for (int i = 0; i < trials; i++) {
      boolean all = true;
      for (Duration mtbf : mtbfs) {
        all &= random.nextExponential() * MonteCarlo.seconds(mtbf) > horizon;
      }
      survived += all ? 1 : 0;
    }
    MonteCarlo.assertProportion(
        survived, trials, SeriesReliability.of(mtbfs, Duration.ofHours(1)), "series of three");
  }

  @Property
  void anotherAgentInSeriesNeverRaisesReliability(
      @ForAll @Size(min = 1, max = 6) List<@LongRange(min = 1, max = 1_000_000) Long> mtbfSeconds,
      @ForAll @LongRange(min = 1, max = 1_000_000) long extra,
      @ForAll @LongRange(min = 0, max = 1_000_000) long horizon) {
    List<Duration> mtbfs = mtbfSeconds.stream().map(Duration::ofSeconds).toList();
    var more = new java.util.ArrayList<>(mtbfs);
    more.add(Duration.ofSeconds(extra));

    assertThat(SeriesReliability.of(more, Duration.ofSeconds(horizon)))
        .isLessThanOrEqualTo(SeriesReliability.of(mtbfs, Duration.ofSeconds(horizon)));
  }

  @Example
  void invalidInputIsRefusedNamingTheParameter() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SeriesReliability.of(List.of(), Duration.ofHours(1)))
        .withMessage("mtbfs must not be empty");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SeriesReliability.of(List.of(Duration.ofHours(1), Duration.ZERO), Duration.ofHours(1)))
        .withMessage("mtbfs[1] must be positive, was PT0S");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SeriesReliability.survival(Duration.ofHours(1), Duration.ofHours(-1)))
        .withMessage("horizon must not be negative, was PT-1H");
  }
}
