package io.lifeline.agents.chaos;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Every fault the chaos agents sharing this log injected, in the order they took effect.
 * Thread-safe: agents append from their attempts' threads while the demo reads.
 */
public final class ChaosLog {

  private final List<Injection> injections = new ArrayList<>();

  synchronized void add(Injection injection) {
    injections.add(injection);
  }

  /** A snapshot, oldest first. */
  public synchronized List<Injection> injections() {
    return List.copyOf(injections);
  }

  /** How many of each fault were injected; every fault is a key, with 0 when it never struck. */
  public synchronized Map<Fault, Long> countsByFault() {
    var counts = new EnumMap<Fault, Long>(Fault.class);
    for (Fault fault : Fault.values()) {
      counts.put(fault, 0L);
    }
    injections.forEach(injection -> counts.merge(injection.fault(), 1L, Long::sum));
    return counts;
  }
}
