package io.lifeline.model;

/**
 * Code that runs one attempt of a step. Implementations must be thread-safe up to their
 * {@link AgentSpec#concurrency()}: the runtime calls {@link #run} from that many virtual threads at
 * once.
 *
 * <p>An agent reports progress through the {@link AttemptContext} (heartbeats, checkpoints) and
 * ends the attempt by returning an {@link Output} or throwing. It should throw
 * {@link AgentFailureException} when it knows the failure kind; anything else is classified by
 * {@link FailureClassifier}. It should stop promptly when interrupted or when
 * {@link AttemptContext#isCancelled()} turns true: a cancelled attempt's result is discarded.
 */
public interface Agent {

  AgentSpec spec();

  Output run(AttemptContext context) throws Exception;

  /**
   * Whether the agent's process is up, for in-process agents whose host sends heartbeats on their
   * behalf: a crashed agent stops heartbeating. Remote agents heartbeat by themselves.
   */
  default boolean isAlive() {
    return true;
  }
}
