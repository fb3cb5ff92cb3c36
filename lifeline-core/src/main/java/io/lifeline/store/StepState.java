package io.lifeline.store;

/**
 * The step state machine: {@code BLOCKED → READY → RUNNING → SUCCEEDED}, or
 * {@code RUNNING → WAITING_RETRY → READY}, or {@code → FAILED}; any non-terminal state →
 * {@code CANCELLED}.
 */
public enum StepState {
  BLOCKED,
  READY,
  RUNNING,
  WAITING_RETRY,
  SUCCEEDED,
  FAILED,
  CANCELLED;

  public boolean isTerminal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }
}
