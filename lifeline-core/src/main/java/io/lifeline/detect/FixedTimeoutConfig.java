package io.lifeline.detect;

import java.time.Duration;

/**
 * Settings of the {@link FixedTimeoutDetector}. Immutable; validated on construction with
 * messages that name the field and the value.
 *
 * @param heartbeatInterval how often agents heartbeat; must be shorter than {@code suspectAfter},
 *     or an agent would be suspected between two punctual heartbeats
 * @param suspectAfter silence after which the agent is SUSPECT (no new dispatch)
 * @param timeout silence after which the agent is DEAD (in-flight attempts fail); longer than
 *     {@code suspectAfter}
 */
public record FixedTimeoutConfig(Duration heartbeatInterval, Duration suspectAfter, Duration timeout)
    implements DetectorConfig {

  /**
   * The seed article's numbers: a heartbeat every 5 s and DEAD after 15 s, i.e. after three missed
   * heartbeats. SUSPECT after 10 s, i.e. after two missed heartbeats: one lost heartbeat is
   * ordinary, two in a row is worth routing new work elsewhere.
   */
  public static final FixedTimeoutConfig DEFAULT =
      new FixedTimeoutConfig(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(15));

  public FixedTimeoutConfig {
    ConfigChecks.requirePositive("heartbeatInterval", heartbeatInterval);
    ConfigChecks.requirePositive("suspectAfter", suspectAfter);
    ConfigChecks.requirePositive("timeout", timeout);
    ConfigChecks.requireShorter("heartbeatInterval", heartbeatInterval, "suspectAfter", suspectAfter);
    ConfigChecks.requireShorter("suspectAfter", suspectAfter, "timeout", timeout);
  }

  @Override
  public FailureDetectorFactory factory() {
    return () -> new FixedTimeoutDetector(this);
  }
}
