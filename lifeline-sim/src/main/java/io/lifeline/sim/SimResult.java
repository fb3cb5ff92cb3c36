package io.lifeline.sim;

import io.lifeline.engine.EngineConfig;
import io.lifeline.event.Event;
import io.lifeline.store.MemoryStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything one simulated run left behind: the durable store, what the clients submitted and got
 * answered, what was injected, and the full trace (every event in the order the coordinator
 * emitted it, lost batches included, and the simulator's own actions as {@code #} lines).
 *
 * @param committed the events that became durable, in commit order (the store's history)
 * @param endNanos virtual time at which the run ended, from its start
 * @param chunksRun work units the agents executed, wasted ones included
 * @param downIntervals per agent that crashed, {from, until} offsets
 */
public record SimResult(long seed, String scenario, Policy policy, MemoryStore store, List<String> jobKeys,
    List<String> acked, List<Injection> injections, List<Long> restarts, List<String> trace,
    List<Event> committed, long endNanos,
    long chunksRun, Instant startInstant, Map<String, long[]> downIntervals, EngineConfig config) {

  /** The trace as one text, the thing that must be identical for the same seed. */
  public String traceText() {
    return String.join("\n", trace) + "\n";
  }

  /** Offset from the start of the run of an event's timestamp. */
  long offset(Instant at) {
    return java.time.Duration.between(startInstant, at).toNanos();
  }
}
