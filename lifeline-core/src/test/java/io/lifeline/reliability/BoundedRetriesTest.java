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
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class BoundedRetriesTest {

  /** 2 h of work, checkpoints every 20 min costing 2 min, a failure per hour, 30 s restarts. */
  private static final CheckpointedWork FLAKY = new CheckpointedWork(Duration.ofHours(2),
      Duration.ofMinutes(20), Duration.ofMinutes(2), Duration.ofHours(1), Duration.ofSeconds(30));

  /** The same with a short last segment. */
  private static final CheckpointedWork UNEVEN = new CheckpointedWork(Duration.ofMinutes(100),
      Duration.ofMinutes(30), Duration.ofMinutes(2), Duration.ofMinutes(45), Duration.ofSeconds(10));

  @Example
  void perStepLimitMatchesASimulation() {
    checkAgainstSimulation(false, 6);
  }

  @Example
  void perSegmentLimitMatchesASimulation() {
    checkAgainstSimulation(true, 7);
  }

  private static void checkAgainstSimulation(boolean perSegment, long seed) {
    var random = new SplittableRandom(seed);
    for (CheckpointedWork work : new CheckpointedWork[] {FLAKY, UNEVEN}) {
      for (int maxAttempts : new int[] {1, 2, 4, 8}) {
        var outcome = perSegment
            ? BoundedRetries.perSegment(work, maxAttempts)
            : BoundedRetries.perStep(work, maxAttempts);
        int trials = 40_000;
        int finished = 0;
        var time = new Sample();
        var failures = new Sample();
        for (int i = 0; i < trials; i++) {
          var run = CheckpointedRun.simulate(work, maxAttempts, perSegment, random);
          if (run.finished()) {
            finished++;
            time.add(run.time());
            failures.add(run.failures());
          }
        }
        String what = (perSegment ? "per segment " : "per step ") + maxAttempts + " attempts, " + work;
        MonteCarlo.assertProportion(finished, trials, outcome.probability(), "P(finish) " + what);
        if (maxAttempts > 1) {
          MonteCarlo.assertMean(time, MonteCarlo.seconds(outcome.expectedTimeIfFinished().orElseThrow()),
              "E[time | finish] " + what);
          MonteCarlo.assertMean(failures, outcome.expectedFailuresIfFinished(), "E[failures | finish] " + what);
        }
      }
    }
  }

  @Example
  void oneAttemptFinishesOnlyWithoutAnyFailure() {
    var outcome = BoundedRetries.perStep(FLAKY, 1);

    // 5 segments of 22 min and a last one of 20: 130 min of exposure at 1 per hour.
    assertThat(outcome.probability()).isCloseTo(Math.exp(-130.0 / 60), within(1e-12));
    assertThat(outcome.expectedTimeIfFinished()).contains(Duration.ofMinutes(130));
    assertThat(BoundedRetries.perSegment(FLAKY, 1).probability()).isCloseTo(outcome.probability(), within(1e-12));
  }

  @Example
  void manyAttemptsGiveTheUnboundedExpectation() {
    var outcome = BoundedRetries.perStep(FLAKY, 1_000);

    assertThat(outcome.probability()).isCloseTo(1, within(1e-12));
    assertThat(MonteCarlo.seconds(outcome.expectedTimeIfFinished().orElseThrow()))
        .isCloseTo(MonteCarlo.seconds(FLAKY.expected().completion()), within(1e-6));
    assertThat(outcome.expectedFailuresIfFinished()).isCloseTo(FLAKY.expected().failures(), within(1e-9));
  }

  @Example
  void aMillionSegmentsAndAHopelessSegmentDoNotUnderflowTheRatio() {
    var many = new CheckpointedWork(Duration.ofDays(1000), Duration.ofMinutes(1), Duration.ofSeconds(1),
        Duration.ofDays(1), Duration.ofSeconds(1));
    var outcome = BoundedRetries.perStep(many, 4);
    assertThat(outcome.probability()).isEqualTo(0.0);
    assertThat(outcome.expectedTimeIfFinished()).isPresent();
    assertThat(outcome.expectedFailuresIfFinished()).isBetween(0.0, 3.0);

    var hopeless = new CheckpointedWork(Duration.ofDays(100), Duration.ofDays(100), Duration.ZERO,
        Duration.ofMinutes(1), Duration.ZERO);
    assertThat(BoundedRetries.perStep(hopeless, 3).expectedTimeIfFinished()).isEmpty();
    assertThat(BoundedRetries.perSegment(hopeless, 3).expectedTimeIfFinished()).isEmpty();
  }

  @Property
  void moreAttemptsNeverLowerTheChanceAndAPerSegmentLimitIsNeverStricter(
      @ForAll @LongRange(min = 1, max = 36_000) long workSeconds,
      @ForAll @LongRange(min = 1, max = 36_000) long intervalSeconds,
      @ForAll @LongRange(min = 60, max = 360_000) long mtbfSeconds,
      @ForAll @IntRange(min = 1, max = 50) int maxAttempts) {
    var work = new CheckpointedWork(Duration.ofSeconds(workSeconds), Duration.ofSeconds(intervalSeconds),
        Duration.ofSeconds(5), Duration.ofSeconds(mtbfSeconds), Duration.ofSeconds(2));
    double step = BoundedRetries.perStep(work, maxAttempts).probability();

    assertThat(BoundedRetries.perStep(work, maxAttempts + 1).probability()).isGreaterThanOrEqualTo(step - 1e-12);
    assertThat(BoundedRetries.perSegment(work, maxAttempts).probability()).isGreaterThanOrEqualTo(step - 1e-12);
  }

  @Example
  void invalidInputIsRefusedNamingTheParameter() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> BoundedRetries.perStep(FLAKY, 0))
        .withMessage("maxAttempts must be between 1 and 1000000, was 0");
  }
}
