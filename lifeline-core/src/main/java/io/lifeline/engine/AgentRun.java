package io.lifeline.engine;

import io.lifeline.detect.FailureDetector;
import io.lifeline.detect.Health;
import io.lifeline.model.AgentSpec;
import io.lifeline.recovery.AgentView;

/** The coordinator's view of one agent incarnation. */
final class AgentRun {
  final AgentSpec spec;
  final long incarnation;
  final FailureDetector detector;
  Health health = Health.HEALTHY;
  int running;
  /** Whether its host was already told to rejoin it after a DEAD verdict. */
  boolean evictionSent;

  AgentRun(AgentSpec spec, long incarnation, FailureDetector detector) {
    this.spec = spec;
    this.incarnation = incarnation;
    this.detector = detector;
  }

  String id() {
    return spec.id();
  }

  boolean hasFreeSlot() {
    return running < spec.concurrency();
  }

  AgentView view(boolean providerCooling) {
    return new AgentView(spec, health, running, providerCooling);
  }
}
