package io.lifeline.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import io.lifeline.reliability.MonteCarlo.Sample;
import java.time.Duration;
import java.util.SplittableRandom;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

class CheckpointedWorkTest {

  private static final Duration MINUTE = Duration.ofMinutes(1);

  private static CheckpointedWork work(long workMin, long intervalMin, long checkpointMin, long mtbfMin, long restartSec) {
    return new CheckpointedWork(Duration.ofMinutes(workMin), Duration.ofMinutes(intervalMin),
        Duration.ofMinutes(checkpointMin), Duration.ofMinutes(mtbfMin), Duration.ofSeconds(restartSec));
  }

  @Example
  void segmentsEndInCheckpointsExceptTheLast() {
    assertThat(work(120, 30, 2, 240, 30).checkpoints()).isEqualTo(3);
    assertThat(work(120, 30, 2, 240, 30).lastSegment()).isEqualTo(Duration.ofMinutes(30));
    assertThat(work(100, 30, 2, 240, 30).checkpoints()).isEqualTo(3);
    assertThat(work(100, 30, 2, 240, 30).lastSegment()).isEqualTo(Duration.ofMinutes(10));
    assertThat(work(20, 30, 2, 240, 30).checkpoints()).isZero();
  }

  /** Without checkpoints a job of W is one segment: (e^(λW) − 1)/λ; 1 h at M = 4 h is 1.136 h. */
  @Example
  void oneSegmentWithoutRestartCostIsExpm1OverRate() {
    var expected = work(60, 60, 0, 240, 0).expected();

    assertThat(MonteCarlo.seconds(expected.completion()))
        .isCloseTo(Math.expm1(0.25) * 4 * 3600, within(1e-6));
    assertThat(expected.failures()).isCloseTo(Math.expm1(0.25), within(1e-12));
  }

  @Example
  void completionTimeFailuresAndWasteMatchASimulation() {
    CheckpointedWork[] cases = {
      work(120, 20, 2, 60, 30),   // failures every hour, 6 segments
      work(100, 30, 2, 45, 120),  // a short last segment, slow restarts
      work(240, 31, 2, 240, 3),   // the seed article's example at Young's interval
    };
    var random = new SplittableRandom(5);
    for (CheckpointedWork work : cases) {
      var time = new Sample();
      var failures = new Sample();
      for (int i = 0; i < 50_000; i++) {
        var run = CheckpointedRun.simulate(work, random);
        time.add(run.time());
        failures.add(run.failures());
      }
      var expected = work.expected();
      MonteCarlo.assertMean(time, MonteCarlo.seconds(expected.completion()), "completion of " + work);
      MonteCarlo.assertMean(failures, expected.failures(), "failures of " + work);
    }
  }

  @Example
  void wasteIsCheckpointsPlusRestartsPlusRework() {
    var expected = work(120, 20, 2, 60, 30).expected();

    assertThat(expected.checkpointing()).isEqualTo(Duration.ofMinutes(10));
    assertThat(MonteCarlo.seconds(expected.restarting())).isCloseTo(30 * expected.failures(), within(1e-6));
    assertThat(expected.completion()).isEqualTo(Duration.ofMinutes(120).plus(expected.waste()));
    assertThat(MonteCarlo.seconds(expected.checkpointing().plus(expected.restarting()).plus(expected.rework())))
        .isCloseTo(MonteCarlo.seconds(expected.waste()), within(1e-6));
  }

  /**
   * Daly derived his interval for this model (without restart cost), so it should be its optimum:
   * scanning T finds the minimum within 1% of Daly's, while Young's is 34% off at M = 15 min.
   */
  @Example
  void dalysIntervalMinimizesTheExpectedCompletionTime() {
    Duration cost = Duration.ofMinutes(5);
    for (Duration mtbf : new Duration[] {Duration.ofMinutes(15), Duration.ofHours(6), Duration.ofHours(24)}) {
      double best = Double.POSITIVE_INFINITY;
      double bestInterval = 0;
      for (long seconds = 60; seconds < 4 * 3600; seconds += 5) {
        // Per unit of work over a long job, so the last segment does not matter.
        var work = new CheckpointedWork(Duration.ofSeconds(seconds * 1000), Duration.ofSeconds(seconds),
            cost, mtbf, Duration.ZERO);
        double perWork = MonteCarlo.seconds(work.expected().completion()) / (seconds * 1000);
        if (perWork < best) {
          best = perWork;
          bestInterval = seconds;
        }
      }
      double daly = MonteCarlo.seconds(CheckpointIntervals.daly(cost, mtbf));
      assertThat(bestInterval).as("optimum at M = %s", mtbf).isCloseTo(daly, within(0.01 * daly + 5));
    }
  }

  @Example
  void aSegmentManyMtbfsLongSaturatesInsteadOfOverflowing() {
    var expected = work(60_000, 60_000, 0, 1, 0).expected();

    assertThat(expected.completion()).isEqualTo(CheckpointIntervals.ofSeconds(Double.POSITIVE_INFINITY));
    assertThat(expected.failures()).isInfinite();
  }

  @Property
  void neverFasterThanTheWorkPlusCheckpointsPlusRestarts(
      @ForAll @LongRange(min = 1, max = 100_000) long workSeconds,
      @ForAll @LongRange(min = 1, max = 100_000) long intervalSeconds,
      @ForAll @LongRange(min = 0, max = 1_000) long checkpointSeconds,
      @ForAll @LongRange(min = 1, max = 1_000_000) long mtbfSeconds,
      @ForAll @LongRange(min = 0, max = 1_000) long restartSeconds) {
    var work = new CheckpointedWork(Duration.ofSeconds(workSeconds), Duration.ofSeconds(intervalSeconds),
        Duration.ofSeconds(checkpointSeconds), Duration.ofSeconds(mtbfSeconds), Duration.ofSeconds(restartSeconds));
    var expected = work.expected();
    // Past ~10^15 s the figures saturate at Duration's limit and no longer add up: nothing to check.
    net.jqwik.api.Assume.that(MonteCarlo.seconds(expected.completion()) < 1e15);

    // Rework (lost partial segments) cannot be negative: rounding aside, nothing is left for it
    // only when no failure is expected.
    double floor = MonteCarlo.seconds(work.work()) + MonteCarlo.seconds(expected.checkpointing())
        + MonteCarlo.seconds(expected.restarting());
    assertThat(MonteCarlo.seconds(expected.completion())).isGreaterThanOrEqualTo(floor * (1 - 1e-12));
  }

  @Example
  void invalidInputIsRefusedNamingTheParameter() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new CheckpointedWork(Duration.ZERO, MINUTE, MINUTE, MINUTE, MINUTE))
        .withMessage("work must be positive, was PT0S");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new CheckpointedWork(MINUTE, MINUTE, MINUTE.negated(), MINUTE, MINUTE))
        .withMessage("checkpointCost must not be negative, was PT-1M");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new CheckpointedWork(MINUTE, MINUTE, MINUTE, MINUTE, Duration.ofSeconds(-2)))
        .withMessage("restartCost must not be negative, was PT-2S");
  }
}
