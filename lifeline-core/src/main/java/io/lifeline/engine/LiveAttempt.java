package io.lifeline.engine;

/**
 * One attempt that is running now. A step usually has one; a hedged step may have two for a while,
 * a fan-out step one per branch. Its attempt number is the fencing token: only live attempts may
 * report.
 */
final class LiveAttempt {
  final StepRun step;
  final int attempt;
  final String agentId;
  /** The step's variant it runs (0 = primary); its own one in a fan-out over variants. */
  final int variant;
  final long startedNanos;
  long lastProgressNanos;
  long lastReportedProgress;
  /** The checkpoint seq this attempt's state builds on (its own last one, or where it resumed); -1 none. */
  long chainSeq = -1;
  /** What it reported having consumed so far; charged to the job only when it ends (I4). */
  io.lifeline.model.Usage reported = io.lifeline.model.Usage.NONE;

  LiveAttempt(StepRun step, int attempt, String agentId, int variant, long startedNanos, long progress) {
    this.step = step;
    this.attempt = attempt;
    this.agentId = agentId;
    this.variant = variant;
    this.startedNanos = startedNanos;
    this.lastProgressNanos = startedNanos;
    this.lastReportedProgress = progress;
  }

  AttemptKey key() {
    return new AttemptKey(step.job.id(), step.id(), attempt);
  }
}
