package io.lifeline.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import io.lifeline.detect.PhiAccrualDetector;
import io.lifeline.reliability.SuspicionTarget.PerHeartbeat;
import io.lifeline.reliability.SuspicionTarget.PerWindow;
import java.time.Duration;
import java.util.SplittableRandom;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class HeartbeatAdvisorTest {

  private static final Duration HALF_SECOND = Duration.ofMillis(500);
  private static final SuspicionTarget ONE_PER_HUNDRED_HOURS = new PerWindow(0.01, Duration.ofHours(1));

  /**
   * 500 ± 50 ms heartbeats, 0.01 false suspicions an hour, detection within 3 s: the target alone
   * would allow DEAD after 734 ms (500 + 50 × 4.687, 1.39e−6 per heartbeat). The advice uses the
   * whole 3 s: phi 8 is 5.226 floor deviations (100 ms), the pause the remaining 1977 ms.
   */
  @Example
  void theBriefsExampleKeepsPhiEightAndPutsTheSlackIntoThePause() {
    var advice = HeartbeatAdvisor.advise(HALF_SECOND, Duration.ofMillis(50), ONE_PER_HUNDRED_HOURS,
        Duration.ofSeconds(3));

    assertThat(advice.conflict()).isFalse();
    assertThat(CheckpointIntervalsTest.millis(advice.fastestDetection())).isCloseTo(734.3, within(0.1));
    assertThat(advice.deadPhi()).isEqualTo(8.0);
    assertThat(CheckpointIntervalsTest.millis(advice.acceptablePause())).isCloseTo(1977.4, within(0.1));
    assertThat(advice.deadAfter()).isEqualTo(Duration.ofSeconds(3));
    assertThat(advice.falseSuspicionsPerHour()).isLessThan(1e-100);
    assertThat(advice.intervalMeetingBoth()).isEmpty();
    assertThat(advice.config().heartbeatInterval()).isEqualTo(HALF_SECOND);
    assertThat(advice.config().acceptableHeartbeatPause()).isEqualTo(advice.acceptablePause());
  }

  /** Whatever the advice, the detector it configures declares DEAD exactly at the detection target. */
  @Property
  void theConfiguredDeadPointIsTheDetectionTarget(
      @ForAll @LongRange(min = 10, max = 10_000) long meanMillis,
      @ForAll @LongRange(min = 0, max = 2_000) long sigmaMillis,
      @ForAll @DoubleRange(min = 1.01, max = 20) double deadlineInMeans,
      @ForAll @DoubleRange(min = 1, max = 5) double mantissa,
      @ForAll @IntRange(min = 1, max = 12) int exponent) {
    double perHeartbeat = mantissa * Math.pow(10, -exponent);
    Duration mean = Duration.ofMillis(meanMillis);
    Duration deadline = Duration.ofNanos((long) (mean.toNanos() * deadlineInMeans));
    var advice = HeartbeatAdvisor.advise(mean, Duration.ofMillis(sigmaMillis), new PerHeartbeat(perHeartbeat), deadline);

    var config = advice.config();
    double floor = Math.max(sigmaMillis / 1e3, MonteCarlo.seconds(config.minStdDeviation()));
    double deadAt = MonteCarlo.seconds(mean) + MonteCarlo.seconds(config.acceptableHeartbeatPause())
        + floor * PhiScale.silence(config.deadPhi());
    assertThat(deadAt).isCloseTo(MonteCarlo.seconds(deadline), within(1e-6));
    assertThat(config.suspectPhi()).isLessThan(config.deadPhi());
    if (!advice.conflict()) {
      assertThat(advice.falseSuspicionsPerHeartbeat()).isLessThanOrEqualTo(perHeartbeat * (1 + 1e-6));
    }
  }

  /**
   * 500 ± 100 ms, 1e−3 per heartbeat, detection within 850 ms: the target needs 809 ms, so the
   * advice fits; DEAD at 850 ms is 3.5 σ, a 2.33e−4 chance per heartbeat, with the pause at zero
   * and phi lowered to 3.74. A million simulated normal intervals agree.
   */
  @Example
  void theFalseSuspicionRateMatchesSimulatedHeartbeats() {
    var advice = HeartbeatAdvisor.advise(HALF_SECOND, Duration.ofMillis(100), new PerHeartbeat(1e-3),
        Duration.ofMillis(850));
    assertThat(advice.acceptablePause()).isZero();
    assertThat(advice.deadPhi()).isCloseTo(3.742, within(1e-3));
    assertThat(advice.falseSuspicionsPerHeartbeat()).isCloseTo(2.326e-4, within(1e-7));

    var random = new SplittableRandom(21);
    int intervals = 1_000_000;
    int suspected = 0;
    for (int i = 0; i < intervals; i++) {
      suspected += random.nextGaussian(0.5, 0.1) > 0.85 ? 1 : 0;
    }
    MonteCarlo.assertProportion(suspected, intervals, advice.falseSuspicionsPerHeartbeat(), "false suspicions");
  }

  /**
   * The real detector, configured by the advice and fed 500 ± 50 ms heartbeats from a seeded
   * fake clock, declares a crash DEAD 3 s after the last heartbeat, give or take what its window
   * of 100 samples misjudges the mean by (±5 ms standard error).
   */
  @Example
  void theAdvisedDetectorDetectsACrashAtTheTarget() {
    var advice = HeartbeatAdvisor.advise(HALF_SECOND, Duration.ofMillis(50), ONE_PER_HUNDRED_HOURS,
        Duration.ofSeconds(3));
    var random = new SplittableRandom(22);
    for (int run = 0; run < 20; run++) {
      var detector = new PhiAccrualDetector(advice.config());
      long now = Long.MAX_VALUE - 1_000_000_000_000L;
      detector.heartbeat(now);
      for (int i = 0; i < 300; i++) {
        now += (long) (random.nextGaussian(0.5, 0.05) * 1e9);
        detector.heartbeat(now);
      }
      // The crash: no more heartbeats. Phi only grows with the silence, so bisect for DEAD.
      long alive = 0;
      long dead = 60_000_000_000L;
      while (dead - alive > 1_000_000) {
        long mid = (alive + dead) / 2;
        if (detector.phi(now + mid) >= advice.deadPhi()) {
          dead = mid;
        } else {
          alive = mid;
        }
      }
      assertThat(dead / 1e6).as("run %d", run).isCloseTo(3000, within(25.0));
    }
  }

  /**
   * 500 ± 150 ms, 0.01 an hour, within 1 s: the target needs 1.2 s, a conflict. At shorter
   * intervals the same budget per hour is spread over more heartbeats, but the jitter stays: about
   * 280 ms is the longest interval that meets both. With ± 200 ms no interval does.
   */
  @Example
  void conflictingTargetsAreReportedWithTheIntervalThatWouldMeetBoth() {
    var advice = HeartbeatAdvisor.advise(HALF_SECOND, Duration.ofMillis(150), ONE_PER_HUNDRED_HOURS,
        Duration.ofSeconds(1));
    assertThat(advice.conflict()).isTrue();
    assertThat(CheckpointIntervalsTest.millis(advice.fastestDetection())).isCloseTo(1203, within(1.0));
    assertThat(advice.deadAfter()).isEqualTo(Duration.ofSeconds(1));
    Duration interval = advice.intervalMeetingBoth().orElseThrow();
    assertThat(interval.toMillis()).isBetween(250L, 300L);

    var atThatInterval = HeartbeatAdvisor.advise(interval, Duration.ofMillis(150), ONE_PER_HUNDRED_HOURS,
        Duration.ofSeconds(1));
    assertThat(atThatInterval.conflict()).isFalse();
    assertThat(CheckpointIntervalsTest.millis(atThatInterval.fastestDetection())).isCloseTo(1000, within(5.0));

    assertThat(HeartbeatAdvisor.advise(HALF_SECOND, Duration.ofMillis(200), ONE_PER_HUNDRED_HOURS,
        Duration.ofSeconds(1)).intervalMeetingBoth()).isEmpty();
  }

  @Example
  void aTargetPerHeartbeatGivesTheIntervalInClosedForm() {
    var advice = HeartbeatAdvisor.advise(HALF_SECOND, Duration.ofMillis(100), new PerHeartbeat(1e-3),
        Duration.ofMillis(700));

    assertThat(advice.conflict()).isTrue();
    double expected = 700 - 100 * NormalTail.upperQuantile(1e-3);
    assertThat(CheckpointIntervalsTest.millis(advice.intervalMeetingBoth().orElseThrow()))
        .isCloseTo(expected, within(1.0)).isLessThanOrEqualTo(expected);
  }

  @Example
  void invalidInputIsRefusedNamingTheParameter() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> HeartbeatAdvisor.advise(HALF_SECOND, Duration.ofMillis(50), ONE_PER_HUNDRED_HOURS, HALF_SECOND))
        .withMessage("detectWithin must be longer than meanInterval (PT0.5S), was PT0.5S");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> HeartbeatAdvisor.advise(HALF_SECOND, Duration.ofMillis(-1), ONE_PER_HUNDRED_HOURS,
            Duration.ofSeconds(3)))
        .withMessage("stdDeviation must not be negative, was PT-0.001S");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> HeartbeatAdvisor.advise(HALF_SECOND, Duration.ofMillis(50),
            new PerWindow(7200, Duration.ofHours(1)), Duration.ofSeconds(3)))
        .withMessage("the false-suspicion target must be at most 0.5 per heartbeat, was 1.0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new PerHeartbeat(0))
        .withMessage("false suspicions per heartbeat must be in (0, 0.5], was 0.0");
  }
}
