package io.lifeline.detect;

import java.time.Duration;

/**
 * How the engine watches its agents: which failure detector judges each agent and how often agents
 * must heartbeat. Each choice is a config record: {@link FixedTimeoutConfig} (the seed article's
 * timeout, made correct) or {@link PhiAccrualConfig} (adaptive, the default).
 *
 * <p>The heartbeat interval lives here, beside the detector that interprets it, so the two cannot
 * disagree: each record checks its thresholds against its own interval.
 */
public sealed interface DetectorConfig permits FixedTimeoutConfig, PhiAccrualConfig {

  /** How often hosts send a heartbeat for each live agent. */
  Duration heartbeatInterval();

  /** Makes a fresh detector for each agent incarnation that joins. */
  FailureDetectorFactory factory();

  /** Phi accrual tuned for in-process and LAN agents heartbeating every 500 ms. */
  static DetectorConfig defaults() {
    return PhiAccrualConfig.DEFAULT;
  }
}
