package io.lifeline.agents.chaos;

import java.util.Objects;

/**
 * One fault that took effect.
 *
 * @param fault what was injected
 * @param agentId the wrapped agent
 * @param jobId the attempt's job
 * @param stepId the attempt's step
 * @param attempt the attempt number
 * @param atNanos the chaos agent's ticker when the fault took effect (for a mid-stream fault, the
 *     moment it struck, not the attempt's start): detection latency is measured from here
 * @param afterHeartbeats the delegate heartbeats that got through before the fault struck
 */
public record Injection(
    Fault fault, String agentId, String jobId, String stepId, int attempt, long atNanos, int afterHeartbeats) {

  public Injection {
    Objects.requireNonNull(fault, "fault");
    Objects.requireNonNull(agentId, "agentId");
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(stepId, "stepId");
  }
}
