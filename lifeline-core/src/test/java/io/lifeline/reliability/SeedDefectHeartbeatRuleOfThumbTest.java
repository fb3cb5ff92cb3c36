package io.lifeline.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeline.reliability.SuspicionTarget.PerHeartbeat;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Seed defect: the FAQ's {@code interval = 2 × network_latency / (1 − target_false_positive_rate)}.
 * False suspicions come from the jitter of the heartbeats against the timeout; the rule sees
 * neither, and its target hardly moves the answer (and the wrong way). See {@link HeartbeatAdvisor}.
 */
class SeedDefectHeartbeatRuleOfThumbTest {

  /** The FAQ's rule, as printed, in milliseconds. */
  private static double ruleOfThumb(double latencyMillis, double falsePositiveRate) {
    return 2 * latencyMillis / (1 - falsePositiveRate);
  }

  @Test
  void aThousandTimesStricterTargetChangesTheIntervalByUnderOnePercentAndTheWrongWay() {
    double lenient = ruleOfThumb(100, 0.01);
    double strict = ruleOfThumb(100, 0.00001);

    assertThat(strict / lenient).isBetween(0.99, 1.0);
    // Derived: at the rule's 202 ms with ± 50 ms jitter, the stricter target moves the earliest
    // acceptable DEAD point from 318 ms to 415 ms after the last heartbeat.
    assertThat(advise(0.01).fastestDetection().toMillis()).isEqualTo(318);
    assertThat(advise(0.00001).fastestDetection().toMillis()).isEqualTo(415);
  }

  @Test
  void theSameLatencyWithMoreJitterNeedsALaterDeadPointWhichTheRuleCannotSee() {
    var steady = HeartbeatAdvisor.advise(Duration.ofMillis(200), Duration.ofMillis(5), new PerHeartbeat(1e-4),
        Duration.ofSeconds(5));
    var jittery = HeartbeatAdvisor.advise(Duration.ofMillis(200), Duration.ofMillis(100), new PerHeartbeat(1e-4),
        Duration.ofSeconds(5));

    // The rule gives both agents (100 ms latency) the same 202 ms interval; for 1e-4 per
    // heartbeat one can be declared DEAD 219 ms after its last heartbeat, the other only at 572 ms.
    assertThat(steady.fastestDetection().toMillis()).isEqualTo(218);
    assertThat(jittery.fastestDetection().toMillis()).isEqualTo(571);
  }

  private static HeartbeatAdvice advise(double perHeartbeat) {
    return HeartbeatAdvisor.advise(Duration.ofMillis(202), Duration.ofMillis(50), new PerHeartbeat(perHeartbeat),
        Duration.ofSeconds(5));
  }
}
