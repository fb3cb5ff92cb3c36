package io.lifeline.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Seed defect: section 4.2 computes the checkpoint interval as {@code sqrt(2·δ·C/λ)}, which has
 * units of time^1.5, and gets "≈ 9 minutes" only because its example is computed in hours. Its
 * example (a failure every 4 h, a 2 min checkpoint) recomputed with Young's formula is 31 min.
 */
class SeedDefectCheckpointFormulaUnitsTest {

  /** The article's formula, as printed. */
  private static double seedFormula(double delta, double overhead, double failureRate) {
    return Math.sqrt(2 * delta * overhead / failureRate);
  }

  @Test
  void theArticlesFormulaGivesAnswersThatDependOnTheUnit() {
    double inHours = seedFormula(1.0 / 30, 1.0 / 12, 1.0 / 4);
    double inMinutes = seedFormula(2, 5, 1.0 / 240);

    assertThat(inHours * 60).as("the article's ≈ 9 min").isCloseTo(8.9, within(0.1));
    assertThat(inMinutes).as("the same numbers in minutes").isCloseTo(69.3, within(0.1));
  }

  @Test
  void theArticlesExampleRecomputedWithYoungIs31Minutes() {
    Duration young = CheckpointIntervals.young(Duration.ofMinutes(2), Duration.ofHours(4));
    Duration daly = CheckpointIntervals.daly(Duration.ofMinutes(2), Duration.ofHours(4));

    assertThat(CheckpointIntervalsTest.minutes(young)).isCloseTo(31.0, within(0.1));
    assertThat(CheckpointIntervalsTest.minutes(daly)).isCloseTo(29.7, within(0.1));
  }
}
