package io.lifeline.model;

/**
 * What went wrong with an attempt. The kind, not the message, decides the default recovery
 * (DESIGN §2): see {@link io.lifeline.recovery.RecoveryPolicy}.
 */
public enum FailureKind {
  /** Heartbeats stopped: crash, partition, a pause long enough to be declared dead. */
  AGENT_LOST,
  /** The attempt's total or no-progress deadline passed: a hang or a stall. */
  TIMEOUT,
  /** 5xx, connection reset: likely to succeed if tried again. */
  TRANSIENT,
  /** 429 or quota exhausted: the provider's fault, never the agent's health. */
  RATE_LIMITED,
  /** Out of memory, GPU memory: a smaller variant or a bigger agent may fit. */
  RESOURCE_EXHAUSTED,
  /** Empty, truncated or schema-invalid output. */
  INVALID_OUTPUT,
  /** An evaluator scored the output under the step's threshold. */
  LOW_QUALITY,
  /** Style or topic drifted away from the reference. */
  DRIFT,
  /** A safety filter matched the output. */
  UNSAFE,
  /** The model refused to answer. */
  REFUSED,
  /** Bad request or invalid input: retrying cannot help. */
  PERMANENT;

  /** Whether a failure of this kind says something about the agent's own health. */
  public boolean blamesAgent() {
    return this != RATE_LIMITED && this != PERMANENT;
  }
}
