package io.lifeline.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeline.time.ManualClock;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seed defect: the article's {@code receive_heartbeat} sets {@code status = 'active'} on every
 * heartbeat, and {@code simulate_heartbeats} sends one for every agent with 95% chance each cycle,
 * so an agent declared faulty (its tasks already failed over) comes back to life and gets work
 * again. In Lifeline DEAD is final for a detector instance; the agent must rejoin as a new
 * incarnation with a fresh detector.
 */
class SeedDefectHeartbeatRevivesFaultyAgentTest {

  private final ManualClock clock = new ManualClock();
  private long lastHeartbeat;

  static Stream<DetectorConfig> configs() {
    return Stream.of(FixedTimeoutConfig.DEFAULT, PhiAccrualConfig.DEFAULT);
  }

  @ParameterizedTest
  @MethodSource("configs")
  void heartbeatsAfterADeadVerdictDoNotReviveTheAgent(DetectorConfig config) {
    FailureDetector detector = deadAfterSteadyHeartbeats(config);

    for (int i = 0; i < 100; i++) {
      detector.heartbeat(clock.read());
      assertThat(detector.health(clock.read())).isEqualTo(Health.DEAD);
      clock.advance(config.heartbeatInterval());
    }
  }

  @ParameterizedTest
  @MethodSource("configs")
  void aHeartbeatAfterTheDeadPointDoesNotReviveEvenIfNobodyAsked(DetectorConfig config) {
    FailureDetector detector = config.factory().create();
    heartbeatFor(detector, config, Duration.ofMinutes(1));
    clock.advance(Duration.ofMinutes(1));

    detector.heartbeat(clock.read());

    assertThat(detector.health(clock.read())).isEqualTo(Health.DEAD);
  }

  /** Once the coordinator has been told DEAD, no report can undo it, however out of order. */
  @ParameterizedTest
  @MethodSource("configs")
  void aHeartbeatWithAnEarlierReadingDoesNotReviveEither(DetectorConfig config) {
    FailureDetector detector = deadAfterSteadyHeartbeats(config);
    long halfAnIntervalAfterTheLastHeartbeat = lastHeartbeat + config.heartbeatInterval().toNanos() / 2;

    detector.heartbeat(halfAnIntervalAfterTheLastHeartbeat);

    assertThat(detector.health(clock.read())).isEqualTo(Health.DEAD);
  }

  @ParameterizedTest
  @MethodSource("configs")
  void aNewIncarnationStartsHealthy(DetectorConfig config) {
    deadAfterSteadyHeartbeats(config);

    FailureDetector rejoined = config.factory().create();
    rejoined.heartbeat(clock.read());

    assertThat(rejoined.health(clock.read())).isEqualTo(Health.HEALTHY);
  }

  private FailureDetector deadAfterSteadyHeartbeats(DetectorConfig config) {
    FailureDetector detector = config.factory().create();
    heartbeatFor(detector, config, Duration.ofMinutes(1));
    while (detector.health(clock.read()) != Health.DEAD) {
      clock.advance(Duration.ofMillis(100));
    }
    return detector;
  }

  private void heartbeatFor(FailureDetector detector, DetectorConfig config, Duration span) {
    for (long i = span.dividedBy(config.heartbeatInterval()); i > 0; i--) {
      lastHeartbeat = clock.read();
      detector.heartbeat(lastHeartbeat);
      clock.advance(config.heartbeatInterval());
    }
  }
}
