package io.lifeline.detect;

/**
 * Judges one agent's liveness from its heartbeats. Pure: it reads time only from the
 * {@code nowNanos} arguments (readings of the runtime's {@link io.lifeline.time.Ticker}), so the
 * same heartbeats give the same verdicts. Not thread-safe; the coordinator owns it.
 */
public interface FailureDetector {

  /** Records a heartbeat that arrived at {@code nowNanos}. */
  void heartbeat(long nowNanos);

  /** The verdict at {@code nowNanos}. Before the first heartbeat an agent counts as HEALTHY. */
  Health health(long nowNanos);

  /**
   * How suspicious the silence is at {@code nowNanos}, for the history and the dashboard: phi for
   * the phi-accrual detector, elapsed/timeout for the fixed one.
   */
  double suspicion(long nowNanos);
}
