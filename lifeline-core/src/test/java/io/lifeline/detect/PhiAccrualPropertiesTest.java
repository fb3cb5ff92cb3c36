package io.lifeline.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeline.time.ManualClock;
import java.time.Duration;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

class PhiAccrualPropertiesTest {

  /** Heartbeats anywhere within ±300 ms of the 500 ms interval never raise a suspicion. */
  @Property(tries = 50)
  void jitteryHeartbeatsAreNeverSuspected(@ForAll long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    ManualClock clock = new ManualClock();
    PhiAccrualDetector detector = new PhiAccrualDetector(PhiAccrualConfig.DEFAULT);
    detector.heartbeat(clock.read());

    for (int i = 0; i < 600; i++) {
      clock.advance(Duration.ofMillis(random.nextLong(200, 801)));
      assertThat(detector.health(clock.read())).isEqualTo(Health.HEALTHY);
      detector.heartbeat(clock.read());
    }
  }

  /** Whatever the heartbeats so far, a crash is declared DEAD within the bound they imply. */
  @Property(tries = 50)
  void aCrashIsAlwaysDetectedWithinTheBoundTheWindowImplies(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 300) int beats) {
    SplittableRandom random = new SplittableRandom(seed);
    ManualClock clock = new ManualClock();
    PhiAccrualDetector detector = new PhiAccrualDetector(PhiAccrualConfig.DEFAULT);
    detector.heartbeat(clock.read());
    for (int i = 0; i < beats; i++) {
      clock.advance(Duration.ofMillis(random.nextLong(1, 1_500)));
      detector.heartbeat(clock.read());
    }

    assertThat(detector.health(clock.read())).isNotEqualTo(Health.DEAD);

    // Intervals of at most 1.5 s give mean <= 1.5 s and σ <= 0.75 s, so DEAD comes by
    // 1.5 + 1 (pause) + 5.23 × 0.75 ≈ 6.4 s of silence.
    clock.advance(Duration.ofSeconds(7));
    assertThat(detector.health(clock.read())).isEqualTo(Health.DEAD);
  }

  @Property
  void phiNeverFallsAsTheSilenceGrows(
      @ForAll @DoubleRange(min = 0, max = 1e11) double elapsed,
      @ForAll @DoubleRange(min = 0, max = 1e10) double more,
      @ForAll @DoubleRange(min = 1, max = 1e10) double mean,
      @ForAll @DoubleRange(min = 1e3, max = 1e10) double stdDeviation) {
    double before = PhiAccrualDetector.phi(elapsed, mean, stdDeviation);
    double after = PhiAccrualDetector.phi(elapsed + more, mean, stdDeviation);

    assertThat(before).isFinite().isNotNegative();
    assertThat(after).isFinite().isGreaterThanOrEqualTo(before);
  }
}
