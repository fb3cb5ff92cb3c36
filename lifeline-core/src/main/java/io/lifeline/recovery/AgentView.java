package io.lifeline.recovery;

import io.lifeline.detect.Health;
import io.lifeline.model.AgentSpec;

/**
 * What the recovery planner may know about one agent when it decides.
 *
 * @param health the detector's verdict; DEAD also covers agents that left
 * @param running attempts in flight on it
 * @param providerCooling whether its provider is cooling down after a 429
 */
public record AgentView(AgentSpec spec, Health health, int running, boolean providerCooling) {

  public String id() {
    return spec.id();
  }

  /** Running attempts per slot: 0 idle, 1 full. */
  public double load() {
    return (double) running / spec.concurrency();
  }

  /** Healthy and its provider is not cooling down. */
  public boolean usable() {
    return health == Health.HEALTHY && !providerCooling;
  }
}
