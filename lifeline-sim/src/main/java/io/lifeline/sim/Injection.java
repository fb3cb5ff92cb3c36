package io.lifeline.sim;

/**
 * A fault the simulator injected.
 *
 * @param kind crash, crash-stop, hang, slow, transient, ratelimit, oom, low-quality, gc-pause, partition, coordinator-crash
 * @param agentId the agent it hit, or "" for the coordinator
 * @param attemptKey the attempt it hit, or "" for agent-wide faults
 * @param atNanos offset from the start of the run
 */
public record Injection(String kind, String agentId, String attemptKey, long atNanos) {}
