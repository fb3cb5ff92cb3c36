package io.lifeline.store;

/** Where a job is in its life. The last three are terminal and never change again (I2). */
public enum JobState {
  /** Accepted and durable; no step has started yet. */
  QUEUED,
  RUNNING,
  SUCCEEDED,
  /** Dead-lettered: a step failed beyond recovery; the reason and history say why. */
  FAILED,
  CANCELLED;

  public boolean isTerminal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }
}
