package io.lifeline.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lifeline.detect.PhiAccrualConfig;
import io.lifeline.detect.PhiAccrualDetector;
import java.time.Duration;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;

class PhiScaleTest {

  /** PhiAccrualConfig's documented detection times: SUSPECT at 1.282 σ, DEAD at 5.226 σ. */
  @Example
  void theThresholdsOfTheDefaultsAreWhereTheDetectorDocumentsThem() {
    assertThat(PhiScale.silence(1)).isCloseTo(1.282, within(1e-3));
    assertThat(PhiScale.silence(8)).isCloseTo(5.226, within(1e-3));
  }

  @Property
  void silenceInvertsPhi(@ForAll @DoubleRange(min = 0.01, max = 300) double phi) {
    assertThat(PhiScale.phi(PhiScale.silence(phi))).isCloseTo(phi, within(1e-9 * phi));
  }

  /**
   * The real detector as the oracle: a window of two intervals, mean − σ and mean + σ, has mean
   * {@code mean} and population deviation {@code σ}; with a 1 ns floor the detector's phi after a
   * silence {@code t} must be {@code PhiScale.phi((t − mean − pause)/σ)}. The clock starts near
   * {@code Long.MAX_VALUE}, so the readings wrap.
   */
  @Property
  void agreesWithThePhiAccrualDetector(
      @ForAll @LongRange(min = 100, max = 5_000) long meanMillis,
      @ForAll @LongRange(min = 1, max = 99) long sigmaPercent,
      @ForAll @LongRange(min = 0, max = 3_000) long pauseMillis,
      @ForAll @DoubleRange(min = 0, max = 8) double silenceInSigmas) {
    long mean = meanMillis * 1_000_000;
    long sigma = mean * sigmaPercent / 100;
    var config = new PhiAccrualConfig(Duration.ofNanos(mean), /* windowSize= */ 2, Duration.ofNanos(1),
        Duration.ofMillis(pauseMillis), Duration.ofNanos(4 * mean), /* suspectPhi= */ 1e6, /* deadPhi= */ 2e6);
    var detector = new PhiAccrualDetector(config);
    long start = Long.MAX_VALUE - 3 * mean;
    detector.heartbeat(start);
    detector.heartbeat(start + mean - sigma);
    detector.heartbeat(start + 2 * mean);
    long pause = pauseMillis * 1_000_000;
    long silence = mean + pause + Math.round(silenceInSigmas * sigma);

    double y = (double) (silence - mean - pause) / sigma;
    assertThat(detector.phi(start + 2 * mean + silence))
        .isCloseTo(PhiScale.phi(y), within(1e-6 * Math.max(1, PhiScale.phi(y))));
  }
}
