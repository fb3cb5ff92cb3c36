package io.lifeline.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

class CheckpointIntervalsTest {

  private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

  /** Daly (2006), table of the higher-order optimum for δ = 5 min. */
  @Example
  void dalyMatchesHisPublishedValues() {
    assertThat(minutes(CheckpointIntervals.daly(FIVE_MINUTES, Duration.ofHours(24))))
        .isCloseTo(117, within(1.0));
    assertThat(minutes(CheckpointIntervals.daly(FIVE_MINUTES, Duration.ofHours(6))))
        .isCloseTo(57, within(1.0));
    assertThat(minutes(CheckpointIntervals.daly(FIVE_MINUTES, Duration.ofMinutes(15))))
        .isCloseTo(9.1, within(1.0));
  }

  @Example
  void dalyIsTheMtbfOnceACheckpointCostsTwiceTheMtbf() {
    assertThat(CheckpointIntervals.daly(Duration.ofMinutes(10), FIVE_MINUTES)).isEqualTo(FIVE_MINUTES);
    assertThat(CheckpointIntervals.daly(Duration.ofMinutes(20), FIVE_MINUTES)).isEqualTo(FIVE_MINUTES);
  }

  @Example
  void youngIsTheSquareRootOfTwiceCostTimesMtbf() {
    assertThat(CheckpointIntervals.young(Duration.ofSeconds(2), Duration.ofSeconds(100)))
        .isEqualTo(Duration.ofSeconds(20));
  }

  /**
   * Daly's form is Young's times {@code (1 - a/3)²} with {@code a = sqrt(δ/2M)}: always positive
   * and shorter than Young's while {@code δ < 2M}.
   */
  @Property
  void dalyIsPositiveAndShorterThanYoung(
      @ForAll @LongRange(min = 1, max = 86_400_000) long costMillis,
      @ForAll @LongRange(min = 1, max = 86_400_000) long mtbfMillis) {
    Duration cost = Duration.ofMillis(costMillis);
    Duration mtbf = Duration.ofMillis(mtbfMillis);
    if (costMillis >= 2 * mtbfMillis) {
      return;
    }

    assertThat(CheckpointIntervals.daly(cost, mtbf))
        .isPositive()
        .isLessThanOrEqualTo(CheckpointIntervals.young(cost, mtbf));
  }

  /** A formula whose inputs and output are times answers the same in any unit: k·T(δ, M) = T(kδ, kM). */
  @Property
  void bothScaleLinearlyWithTheUnitOfTime(
      @ForAll @LongRange(min = 1, max = 3_600) long costSeconds,
      @ForAll @LongRange(min = 1, max = 86_400) long mtbfSeconds) {
    Duration cost = Duration.ofSeconds(costSeconds);
    Duration mtbf = Duration.ofSeconds(mtbfSeconds);

    assertThat(millis(CheckpointIntervals.young(cost.multipliedBy(60), mtbf.multipliedBy(60))))
        .isCloseTo(60 * millis(CheckpointIntervals.young(cost, mtbf)), within(1.0));
    assertThat(millis(CheckpointIntervals.daly(cost.multipliedBy(60), mtbf.multipliedBy(60))))
        .isCloseTo(60 * millis(CheckpointIntervals.daly(cost, mtbf)), within(1.0));
  }

  @Example
  void hugeDurationsDoNotOverflow() {
    Duration aLongTime = Duration.ofDays(365L * 1_000_000);

    assertThat(CheckpointIntervals.young(aLongTime, aLongTime)).isGreaterThan(aLongTime);
    assertThat(CheckpointIntervals.daly(Duration.ofNanos(1), aLongTime)).isPositive();
  }

  @Example
  void invalidDurationsAreRefusedNamingFieldAndValue() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CheckpointIntervals.young(Duration.ZERO, FIVE_MINUTES))
        .withMessage("checkpointCost must be positive, was PT0S");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CheckpointIntervals.daly(FIVE_MINUTES, Duration.ofHours(-4)))
        .withMessage("mtbf must be positive, was PT-4H");
  }

  static double minutes(Duration duration) {
    return millis(duration) / 60_000.0;
  }

  static double millis(Duration duration) {
    return duration.toNanos() / 1e6;
  }
}
