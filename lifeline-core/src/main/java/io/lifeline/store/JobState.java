package io.lifeline.store;

/** Where a job is in its life. All but QUEUED and RUNNING are terminal and never change again (I2). */
public enum JobState {
  /** Accepted and durable; no step has started yet. */
  QUEUED,
  RUNNING,
  SUCCEEDED,
  /** Succeeded without some optional steps, which were dead-lettered; the reason names them. */
  DEGRADED,
  /** Dead-lettered: a step failed beyond recovery; the reason and history say why. */
  FAILED,
  CANCELLED;

  public boolean isTerminal() {
    return this == SUCCEEDED || this == DEGRADED || this == FAILED || this == CANCELLED;
  }
}
