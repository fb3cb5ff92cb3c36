package io.lifeline.agents;

import io.lifeline.model.AttemptContext;
import java.util.concurrent.CancellationException;

/** The one place where agents decide that an attempt must stop. */
public final class Cancellation {

  private Cancellation() {}

  /**
   * Returns normally while the attempt should go on.
   *
   * @throws InterruptedException if the thread was interrupted (the flag is cleared, as usual)
   * @throws CancellationException if the runtime cancelled or superseded the attempt: its result
   *     would be discarded anyway, so the agent stops instead of wasting work
   */
  public static void check(AttemptContext context) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException("attempt " + context.idempotencyKey() + " interrupted");
    }
    if (context.isCancelled()) {
      throw new CancellationException("attempt " + context.idempotencyKey() + " cancelled");
    }
  }
}
