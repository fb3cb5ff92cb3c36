package io.lifeline.sim;

import io.lifeline.detect.FixedTimeoutConfig;
import io.lifeline.engine.EngineConfig;
import io.lifeline.recovery.SeedArticlePolicy;
import java.time.Duration;

/** The engine configurations the simulator compares on the same fault schedule. */
public enum Policy {
  /** Lifeline's defaults: phi-accrual detection, the recovery ladder, resume from checkpoints. */
  LIFELINE,
  /**
   * The seed article's algorithm: heartbeats every 5 s and a fixed 15 s timeout, retry on the same
   * agent up to 3 times then a random replacement, no resume from checkpoints.
   */
  BASELINE;

  public EngineConfig config() {
    return switch (this) {
      case LIFELINE -> EngineConfig.defaults();
      case BASELINE -> EngineConfig.defaults(new FixedTimeoutConfig(
              Duration.ofSeconds(5), Duration.ofMillis(14_900), Duration.ofSeconds(15)))
          .withRecovery(new SeedArticlePolicy(), false);
    };
  }

  public static Policy parse(String name) {
    return switch (name) {
      case "lifeline" -> LIFELINE;
      case "baseline" -> BASELINE;
      default -> throw new IllegalArgumentException("policy: unknown '" + name + "'; known: baseline, lifeline");
    };
  }

  public String label() {
    return name().toLowerCase();
  }
}
