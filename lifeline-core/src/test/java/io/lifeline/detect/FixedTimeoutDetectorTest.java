package io.lifeline.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FixedTimeoutDetectorTest extends FailureDetectorContract {

  @Override
  protected DetectorConfig config() {
    return FixedTimeoutConfig.DEFAULT;
  }

  @Test
  void defaultsAreTheSeedArticlesNumbers() {
    assertThat(FixedTimeoutConfig.DEFAULT.heartbeatInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(FixedTimeoutConfig.DEFAULT.timeout()).isEqualTo(Duration.ofSeconds(15));
  }

  @Test
  void suspectExactlyAtSuspectAfterAndDeadExactlyAtTimeout() {
    FailureDetector detector = newDetector();
    detector.heartbeat(clock.read());
    steadyHeartbeats(detector, Duration.ofMinutes(1));

    assertThat(silenceUntil(detector, Health.SUSPECT, Duration.ofMillis(1)))
        .isEqualTo(Duration.ofSeconds(10));
    assertThat(detector.suspicion(clock.read())).isEqualTo(10.0 / 15.0);
    assertThat(silenceUntil(detector, Health.DEAD, Duration.ofMillis(1)))
        .isEqualTo(Duration.ofSeconds(5));
    assertThat(detector.suspicion(clock.read())).isEqualTo(1.0);
  }

  @Test
  void oneNanosecondBeforeTheTimeoutTheAgentIsStillOnlySuspect() {
    FailureDetector detector = newDetector();
    long last = clock.read();
    detector.heartbeat(last);
    long timeout = Duration.ofSeconds(15).toNanos();

    assertThat(detector.health(last + timeout - 1)).isEqualTo(Health.SUSPECT);
    assertThat(detector.health(last + timeout)).isEqualTo(Health.DEAD);
  }

  @Test
  void detectsACrashRightAcrossTheTickerOverflow() {
    FailureDetector detector = newDetector();
    long last = Long.MAX_VALUE - Duration.ofSeconds(1).toNanos();
    detector.heartbeat(last);

    assertThat(detector.health(last + Duration.ofSeconds(5).toNanos())).isEqualTo(Health.HEALTHY);
    assertThat(detector.health(last + Duration.ofSeconds(12).toNanos())).isEqualTo(Health.SUSPECT);
    assertThat(detector.health(last + Duration.ofSeconds(15).toNanos())).isEqualTo(Health.DEAD);
  }

  private static FixedTimeoutConfig config(long intervalSeconds, long suspectSeconds, Duration timeout) {
    return new FixedTimeoutConfig(
        Duration.ofSeconds(intervalSeconds), Duration.ofSeconds(suspectSeconds), timeout);
  }

  @Test
  void configRejectsNonPositiveDurationsNamingFieldAndValue() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> config(0, 10, Duration.ofSeconds(15)))
        .withMessage("heartbeatInterval must be positive, was PT0S");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> config(5, -1, Duration.ofSeconds(15)))
        .withMessage("suspectAfter must be positive, was PT-1S");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> config(5, 10, Duration.ofDays(365 * 300)))
        .withMessageStartingWith("timeout must be at most PT2562047H47M16.854775807S");
  }

  /** The seed stores heartbeat_interval but never checks it against the timeout. */
  @Test
  void configRejectsThresholdsOutOfOrder() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> config(5, 5, Duration.ofSeconds(15)))
        .withMessage("heartbeatInterval must be shorter than suspectAfter, was PT5S >= PT5S");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> config(5, 20, Duration.ofSeconds(15)))
        .withMessage("suspectAfter must be shorter than timeout, was PT20S >= PT15S");
  }

  @Test
  void theFactoryMakesAFreshDetectorEachTime() {
    FailureDetectorFactory factory = FixedTimeoutConfig.DEFAULT.factory();

    assertThat(factory.create()).isNotSameAs(factory.create()).isInstanceOf(FixedTimeoutDetector.class);
  }
}
