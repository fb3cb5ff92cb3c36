package io.lifeline.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import io.lifeline.reliability.CheckpointIntervalAdvisor.Settings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class CheckpointIntervalAdvisorTest {

  private final CheckpointIntervalAdvisor advisor = new CheckpointIntervalAdvisor();

  @Test
  void anUnknownKindGetsDalyOfThePriorsTwelveSeconds() {
    assertThat(advisor.mtbf("text")).isEqualTo(Duration.ofHours(1));
    assertThat(advisor.checkpointCost("text")).isEqualTo(Duration.ofMillis(20));
    assertThat(advisor.suggest("text"))
        .isEqualTo(CheckpointIntervals.daly(Duration.ofMillis(20), Duration.ofHours(1)));
    assertThat(advisor.suggest("text").toMillis()).isEqualTo(11_986);
  }

  @Test
  void mtbfIsRunTimePerFailureWithOnePseudoFailureOfPrior() {
    for (int i = 0; i < 100; i++) {
      advisor.recordAttempt("image", Duration.ofMinutes(6), /* failed= */ i % 5 == 0);
    }

    // (10 h of runs + 1 h prior) / (20 failures + 1)
    assertThat(advisor.mtbf("image")).isEqualTo(Duration.ofHours(11).dividedBy(21));
  }

  @Test
  void aKindThatNeverFailsEarnsALongerMtbfButNoInfiniteOne() {
    advisor.recordAttempt("text", Duration.ofHours(9), false);

    assertThat(advisor.mtbf("text")).isEqualTo(Duration.ofHours(10));
  }

  @Test
  void theFirstCostMeasurementReplacesThePriorAndLaterOnesAreSmoothed() {
    advisor.recordCheckpointCost("text", Duration.ofMillis(100));
    assertThat(advisor.checkpointCost("text")).isEqualTo(Duration.ofMillis(100));

    advisor.recordCheckpointCost("text", Duration.ofMillis(200));
    assertThat(advisor.checkpointCost("text")).isEqualTo(Duration.ofMillis(120));

    advisor.recordCheckpointCost("text", Duration.ofMillis(20));
    assertThat(advisor.checkpointCost("text")).isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void theSuggestionIsDalyOfTheEstimates() {
    advisor.recordCheckpointCost("text", Duration.ofMillis(500));
    for (int i = 0; i < 10; i++) {
      advisor.recordAttempt("text", Duration.ofMinutes(30), /* failed= */ true);
    }

    Duration mtbf = Duration.ofHours(6).dividedBy(11);
    Duration expected = CheckpointIntervals.daly(Duration.ofMillis(500), mtbf);
    assertThat(advisor.suggest("text")).isEqualTo(expected);
    assertThat(expected.toSeconds()).isBetween(Settings.DEFAULT.minInterval().toSeconds(), 300L);
  }

  @Test
  void aFlakyKindWithCheapCheckpointsIsClampedToTheMinimum() {
    advisor.recordCheckpointCost("image", Duration.ZERO);
    for (int i = 0; i < 1_000; i++) {
      advisor.recordAttempt("image", Duration.ofSeconds(2), /* failed= */ true);
    }

    assertThat(advisor.suggest("image")).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void aReliableKindIsClampedToTheMaximum() {
    advisor.recordCheckpointCost("text", Duration.ofSeconds(1));
    advisor.recordAttempt("text", Duration.ofDays(30), false);

    assertThat(advisor.suggest("text")).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void kindsAreIndependent() {
    advisor.recordAttempt("image", Duration.ofMinutes(1), true);
    advisor.recordCheckpointCost("image", Duration.ofSeconds(3));

    assertThat(advisor.mtbf("text")).isEqualTo(Duration.ofHours(1));
    assertThat(advisor.checkpointCost("text")).isEqualTo(Duration.ofMillis(20));
  }

  @Test
  void concurrentRecordsAreAllCounted() throws Exception {
    int threads = 16;
    int perThread = 1_000;
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(
            executor.submit(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    advisor.recordAttempt("text", Duration.ofSeconds(1), /* failed= */ i % 10 == 0);
                    advisor.recordCheckpointCost("text", Duration.ofMillis(50));
                    advisor.suggest("text");
                  }
                }));
      }
      for (Future<?> future : done) {
        future.get();
      }
    }

    // 16,000 s of runs + 3,600 s prior, 1,600 failures + 1
    assertThat(advisor.mtbf("text")).isEqualTo(Duration.ofSeconds(19_600).dividedBy(1_601));
    assertThat(CheckpointIntervalsTest.millis(advisor.checkpointCost("text")))
        .isCloseTo(50, within(1e-6));
  }

  private static Settings settings(Duration priorMtbf, double smoothing, long minSeconds, long maxSeconds) {
    return new Settings(
        priorMtbf, Duration.ofMillis(20), smoothing, Duration.ofSeconds(minSeconds),
        Duration.ofSeconds(maxSeconds));
  }

  @Test
  void invalidInputIsRefusedNamingFieldAndValue() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> advisor.recordAttempt(" ", Duration.ZERO, false))
        .withMessage("agentKind must not be blank, was ' '");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> advisor.recordAttempt("text", Duration.ofSeconds(-1), false))
        .withMessage("runTime must not be negative, was PT-1S");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> advisor.recordCheckpointCost("text", Duration.ofMillis(-5)))
        .withMessage("commitLatency must not be negative, was PT-0.005S");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> settings(Duration.ofHours(1), 0, 1, 300))
        .withMessage("costSmoothing must be in (0, 1], was 0.0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> settings(Duration.ofHours(1), 0.2, 10, 5))
        .withMessage("maxInterval must be at least minInterval (PT10S), was PT5S");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> settings(Duration.ZERO, 0.2, 1, 5))
        .withMessage("priorMtbf must be positive, was PT0S");
  }
}
