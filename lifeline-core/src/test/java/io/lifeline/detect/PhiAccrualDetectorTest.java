package io.lifeline.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PhiAccrualDetectorTest extends FailureDetectorContract {

  private static final Duration MS = Duration.ofMillis(1);

  @Override
  protected DetectorConfig config() {
    return PhiAccrualConfig.DEFAULT;
  }

  private PhiAccrualDetector steadyDetector() {
    PhiAccrualDetector detector = new PhiAccrualDetector(PhiAccrualConfig.DEFAULT);
    detector.heartbeat(clock.read());
    steadyHeartbeats(detector, Duration.ofMinutes(1));
    return detector;
  }

  /** The numbers computed in {@link PhiAccrualConfig}'s Javadoc: SUSPECT 1628 ms, DEAD 2023 ms. */
  @Test
  void steadyHeartbeatsGiveTheDocumentedDetectionTimes() {
    PhiAccrualDetector detector = steadyDetector();

    assertThat(silenceUntil(detector, Health.SUSPECT, MS)).isEqualTo(Duration.ofMillis(1629));
    assertThat(silenceUntil(detector, Health.DEAD, MS)).isEqualTo(Duration.ofMillis(2023 - 1629));
  }

  @Test
  void fromTheThirdHeartbeatOnTheBootstrapNoLongerMatters() {
    PhiAccrualDetector detector = new PhiAccrualDetector(PhiAccrualConfig.DEFAULT);
    detector.heartbeat(clock.read());
    clock.advance(Duration.ofMillis(500));
    detector.heartbeat(clock.read());
    assertThat(detector.stdDeviationNanos() / 1e6).as("375, 625, 500").isCloseTo(102.1, within(0.1));

    clock.advance(Duration.ofMillis(500));
    detector.heartbeat(clock.read());

    assertThat(detector.stdDeviationNanos() / 1e6).as("375, 625, 500, 500").isCloseTo(88.4, within(0.1));
    assertThat(silenceUntil(detector, Health.DEAD, MS)).isEqualTo(Duration.ofMillis(2023));
  }

  /** Before real samples exist, the bootstrap's 375/625 ms pseudo-samples give σ = 125 ms. */
  @Test
  void afterTheFirstHeartbeatTheBootstrapEstimateDecides() {
    PhiAccrualDetector detector = new PhiAccrualDetector(PhiAccrualConfig.DEFAULT);
    detector.heartbeat(clock.read());

    assertThat(detector.meanIntervalNanos()).isEqualTo(500e6);
    assertThat(detector.stdDeviationNanos()).isEqualTo(125e6);
    // 500 + 1000 + 5.226 × 125 ms
    assertThat(silenceUntil(detector, Health.DEAD, MS)).isEqualTo(Duration.ofMillis(2154));
  }

  @Test
  void jitteryHeartbeatsStayHealthy() {
    SplittableRandom random = new SplittableRandom(42);
    PhiAccrualDetector detector = new PhiAccrualDetector(PhiAccrualConfig.DEFAULT);
    detector.heartbeat(clock.read());
    for (int i = 0; i < 2_000; i++) {
      clock.advance(Duration.ofMillis(random.nextLong(200, 800)));
      assertThat(detector.health(clock.read())).isEqualTo(Health.HEALTHY);
      detector.heartbeat(clock.read());
    }

    // σ of uniform 200..800 ms is 173 ms: DEAD needs 500 + 1000 + 5.226 × 173 ≈ 2.4 s.
    assertThat(detector.stdDeviationNanos() / 1e6).isCloseTo(173, within(25.0));
    assertThat(silenceUntil(detector, Health.DEAD, MS))
        .isBetween(Duration.ofMillis(2_250), Duration.ofMillis(2_600));
  }

  /**
   * The design's difference from Pekko: a GC-like pause survived in the SUSPECT band enters the
   * window, so the next pause of that length is tolerated. Pekko drops that interval.
   */
  @Test
  void aPauseSurvivedWhileSuspectRaisesTheToleranceNextTime() {
    PhiAccrualDetector detector = steadyDetector();
    Duration deadBefore = silenceUntilPhi(detector, 8.0);
    assertThat(deadBefore).isEqualTo(Duration.ofMillis(2023));

    clock.advance(Duration.ofMillis(1_900));
    assertThat(detector.health(clock.read())).isEqualTo(Health.SUSPECT);
    detector.heartbeat(clock.read());
    assertThat(detector.health(clock.read())).isEqualTo(Health.HEALTHY);
    steadyHeartbeats(detector, Duration.ofSeconds(5));

    Duration deadAfter = silenceUntilPhi(detector, 8.0);
    assertThat(deadAfter).isGreaterThan(Duration.ofMillis(2_200));
    clock.advance(Duration.ofMillis(2_100));
    assertThat(detector.health(clock.read()))
        .as("a 2.1 s pause, fatal before, is survived now")
        .isEqualTo(Health.SUSPECT);
  }

  @Test
  void whatWasLearnedFadesOnceThePauseLeavesTheWindow() {
    PhiAccrualDetector detector = steadyDetector();
    clock.advance(Duration.ofMillis(1_900));
    detector.heartbeat(clock.read());

    steadyHeartbeats(detector, Duration.ofMillis(500 * 100));

    assertThat(silenceUntilPhi(detector, 8.0)).isEqualTo(Duration.ofMillis(2023));
  }

  /**
   * With a large acceptable pause a 60 s stall is survived and learned, but only as the 5 s cap:
   * σ becomes 448 ms instead of the 5.9 s the raw interval would give.
   */
  @Test
  void oneGiantGapIsLearnedOnlyUpToTheCap() {
    PhiAccrualConfig lenient =
        PhiAccrualConfig.DEFAULT.withAcceptableHeartbeatPause(Duration.ofMinutes(2));
    PhiAccrualDetector detector = new PhiAccrualDetector(lenient);
    detector.heartbeat(clock.read());
    steadyHeartbeats(detector, Duration.ofMinutes(1));

    clock.advance(Duration.ofSeconds(60));
    assertThat(detector.health(clock.read())).isEqualTo(Health.HEALTHY);
    detector.heartbeat(clock.read());

    assertThat(detector.meanIntervalNanos() / 1e6).isCloseTo(545.0, within(0.01));
    assertThat(detector.stdDeviationNanos() / 1e6).isCloseTo(447.8, within(0.1));
  }

  @Test
  void oneCappedSampleMovesDeadToTheDocumentedThreeSecondsNine() {
    PhiAccrualConfig lenient =
        PhiAccrualConfig.DEFAULT.withAcceptableHeartbeatPause(Duration.ofMinutes(2));
    PhiAccrualDetector learner = new PhiAccrualDetector(lenient);
    learner.heartbeat(clock.read());
    steadyHeartbeats(learner, Duration.ofMinutes(1));
    clock.advance(Duration.ofSeconds(60));
    learner.heartbeat(clock.read());

    // The same window under the default 1 s pause, as documented in PhiAccrualConfig.
    double deadAt =
        firstMillisReaching(
            8.0, learner.meanIntervalNanos() + 1e9, learner.stdDeviationNanos());
    assertThat(deadAt).isEqualTo(3885);
  }

  @Test
  void phiIsPekkosFormulaWherePekkosIsPrecise() {
    double mean = 1_500;
    double stdDeviation = 100;
    // Up to 20 standard deviations late (phi 260); beyond, Pekko's e turns subnormal and loses
    // precision before it underflows to an infinite phi.
    for (double t = 0; t <= mean + 20 * stdDeviation; t += 0.5) {
      double pekko = pekkoPhi(t, mean, stdDeviation);
      assertThat(PhiAccrualDetector.phi(t, mean, stdDeviation))
          .as("t = %s", t)
          .isCloseTo(pekko, within(1e-9 + 1e-9 * pekko));
    }
  }

  @Test
  void phiStaysFiniteAndGrowingWherePekkosBecomesInfinite() {
    double veryLate = 1_500 + 30 * 100;

    assertThat(pekkoPhi(veryLate, 1_500, 100)).isInfinite();
    assertThat(PhiAccrualDetector.phi(veryLate, 1_500, 100)).isFinite().isGreaterThan(300);
    assertThat(PhiAccrualDetector.phi(veryLate + 1, 1_500, 100))
        .isGreaterThan(PhiAccrualDetector.phi(veryLate, 1_500, 100));
    assertThat(PhiAccrualDetector.phi(Double.MAX_VALUE / 1e10, 1_500, 100)).isNotNaN();
    assertThat(PhiAccrualDetector.phi(-1e12, 1_500, 100)).isNotNegative();
  }

  @Test
  void phiAccessorIsTheSuspicion() {
    PhiAccrualDetector detector = steadyDetector();
    clock.advance(Duration.ofMillis(1_700));

    assertThat(detector.phi(clock.read())).isEqualTo(detector.suspicion(clock.read())).isBetween(1.0, 8.0);
  }

  @Test
  void theFactoryMakesAFreshDetectorEachTime() {
    FailureDetectorFactory factory = PhiAccrualConfig.DEFAULT.factory();

    assertThat(factory.create()).isNotSameAs(factory.create()).isInstanceOf(PhiAccrualDetector.class);
    assertThat(DetectorConfig.defaults()).isSameAs(PhiAccrualConfig.DEFAULT);
  }

  /** Pekko's {@code PhiAccrualFailureDetector.phi}, transcribed literally. */
  private static double pekkoPhi(double timeDiff, double mean, double stdDeviation) {
    double y = (timeDiff - mean) / stdDeviation;
    double e = Math.exp(-y * (1.5976 + 0.070566 * y * y));
    if (timeDiff > mean) {
      return -Math.log10(e / (1.0 + e));
    }
    return -Math.log10(1.0 - 1.0 / (1.0 + e));
  }

  /** The silence after which phi reaches {@code level}, probed without touching the verdict. */
  private Duration silenceUntilPhi(PhiAccrualDetector detector, double level) {
    long now = clock.read();
    for (long ms = 0; ; ms++) {
      if (detector.phi(now + ms * 1_000_000L) >= level) {
        return Duration.ofMillis(ms);
      }
    }
  }

  private static double firstMillisReaching(double level, double meanNanos, double stdDeviationNanos) {
    for (long ms = 0; ; ms++) {
      if (PhiAccrualDetector.phi(ms * 1e6, meanNanos, stdDeviationNanos) >= level) {
        return ms;
      }
    }
  }
}
