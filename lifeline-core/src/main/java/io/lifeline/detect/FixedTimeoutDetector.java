package io.lifeline.detect;

import java.util.Objects;

/**
 * The seed article's heartbeat timeout, made correct: SUSPECT once no heartbeat has arrived for
 * {@link FixedTimeoutConfig#suspectAfter()}, DEAD once none has arrived for
 * {@link FixedTimeoutConfig#timeout()}. {@link #suspicion} is silence / timeout, so DEAD is 1.0.
 *
 * <p>What it fixes in the article's {@code FaultDetector} (section 3.1 and 5.2):
 *
 * <ul>
 *   <li><b>Late heartbeats revive faulty agents.</b> {@code receive_heartbeat} sets the status
 *       back to {@code 'active'}, and {@code simulate_heartbeats} does so for every agent with 95%
 *       chance each cycle, crashed ones included. Here DEAD is final for the detector instance; the
 *       agent must rejoin as a new incarnation (see {@link SilenceDetector}).
 *   <li><b>The heartbeat default is evaluated once, at class load.</b> {@code Agent.last_heartbeat:
 *       float = time.time()} gives every agent created later the import time as its last
 *       heartbeat, so a late joiner is born already timed out. Here there is no reading before the
 *       first heartbeat; the host reports the join as the first heartbeat.
 *   <li><b>Wall-clock time.</b> {@code time.time()} jumps with NTP and manual clock changes, so a
 *       step back hides a crash and a step forward kills every agent. Here time is a monotonic
 *       ticker reading, compared overflow-safely ({@code now - last}).
 *   <li><b>Only two states.</b> One late heartbeat fails every in-flight task at once. Here the
 *       SUSPECT stage first stops new dispatch and lets in-flight attempts run.
 *   <li><b>The interval is never used.</b> {@code heartbeat_interval} is stored but nothing checks
 *       it against {@code timeout}; a timeout below the interval kills healthy agents. Here the
 *       config requires interval &lt; suspectAfter &lt; timeout.
 * </ul>
 *
 * <p>The article's {@code check_timeouts} also reports the same faulty agent on every cycle; this
 * detector is a query, and acting once on the transition to DEAD is the coordinator's job.
 *
 * <p>Not thread-safe, like every {@link FailureDetector}: the coordinator owns it.
 */
public final class FixedTimeoutDetector extends SilenceDetector {

  private final FixedTimeoutConfig config;
  private final long suspectAfterNanos;
  private final long timeoutNanos;

  public FixedTimeoutDetector(FixedTimeoutConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.suspectAfterNanos = config.suspectAfter().toNanos();
    this.timeoutNanos = config.timeout().toNanos();
  }

  public FixedTimeoutConfig config() {
    return config;
  }

  @Override
  Health verdictAfter(long silenceNanos) {
    if (silenceNanos >= timeoutNanos) {
      return Health.DEAD;
    }
    return silenceNanos >= suspectAfterNanos ? Health.SUSPECT : Health.HEALTHY;
  }

  @Override
  double suspicionAfter(long silenceNanos) {
    return Math.max(0.0, (double) silenceNanos / timeoutNanos);
  }
}
