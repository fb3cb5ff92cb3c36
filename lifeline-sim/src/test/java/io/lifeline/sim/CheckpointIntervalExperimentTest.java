package io.lifeline.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CheckpointIntervalExperimentTest {

  /**
   * 400 seeds at 3–6 min, a few seconds of CPU. Over twelve disjoint sets of 400 seeds on a 2–8
   * min grid the simulated minimum fell on 4 min ten times and on 5 min twice (Daly: 4.15 min),
   * never on 3 or 6, and no point strayed more than 2.3 standard errors from the model.
   */
  private static final int SEEDS = 400;
  private static final List<Duration> GRID = List.of(
      Duration.ofMinutes(3), Duration.ofMinutes(4), Duration.ofMinutes(5), Duration.ofMinutes(6));

  private static WasteCurve curve;

  @BeforeAll
  static void measure() {
    curve = WasteCurve.measure(CheckpointModel.DEFAULT, GRID, 1, SEEDS);
  }

  @Test
  void theSameSeedGivesTheSameCompletionTime() {
    var model = CheckpointModel.DEFAULT;
    var first = CheckpointIntervalExperiment.completionTime(model, Duration.ofMinutes(4), 17);
    assertThat(CheckpointIntervalExperiment.completionTime(model, Duration.ofMinutes(4), 17)).isEqualTo(first);
    assertThat(CheckpointIntervalExperiment.completionTime(model, Duration.ofMinutes(4), 18)).isNotEqualTo(first);
  }

  @Test
  void withoutCrashesTheJobTakesItsWorkAndItsCheckpoints() {
    var calm = new CheckpointModel(Duration.ofHours(2), Duration.ofDays(100_000), Duration.ofSeconds(30), Duration.ofSeconds(30));
    // 23 checkpoints of 30 s: the engine adds no time of its own to the agent's.
    assertThat(CheckpointIntervalExperiment.completionTime(calm, Duration.ofMinutes(5), 1))
        .isEqualTo(Duration.ofHours(2).plusSeconds(23 * 30));
  }

  @Test
  void theEngineLosesAndAddsNothingSeedBySeed() {
    // The model's arithmetic on the same crashes: any time the engine adds (a late dispatch, a
    // resume from an older checkpoint, a lost one) shows as a difference here.
    for (var interval : GRID) {
      for (long seed = 1; seed <= 25; seed++) {
        double engine = CheckpointModel.seconds(
            CheckpointIntervalExperiment.completionTime(CheckpointModel.DEFAULT, interval, seed));
        assertThat(engine).as("T = %s, seed %d", interval, seed)
            .isCloseTo(ModelReplay.completionSeconds(CheckpointModel.DEFAULT, CheckpointModel.seconds(interval), seed),
                within(1e-6));
      }
    }
  }

  @Test
  void theSimulatedWasteAgreesWithTheModelAtEveryInterval() {
    // Resuming from the wrong checkpoint, or from none, would show here: without resuming, the
    // expected waste at 4 min is over a hundred times larger.
    for (var point : curve.points()) {
      double difference = Math.abs(point.meanWaste().minus(point.expectedWaste()).toNanos());
      assertThat(difference).as("T = %s: simulated %s, model %s", point.interval(), point.meanWaste(), point.expectedWaste())
          .isLessThanOrEqualTo(4.0 * point.standardError().toNanos());
    }
  }

  @Test
  void theSimulatedOptimumLiesWithinOneMinuteOfDalys() {
    var minimum = curve.simulatedMinimum().interval();
    assertThat(curve.daly()).isBetween(Duration.ofMinutes(4), Duration.ofMinutes(5));
    assertThat(minimum.minus(curve.daly()).abs()).as("simulated minimum %s, Daly %s", minimum, curve.daly())
        .isLessThanOrEqualTo(Duration.ofMinutes(1));
  }
}
