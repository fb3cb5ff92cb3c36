package io.lifeline.detect;

/** What a failure detector believes about an agent. */
public enum Health {
  /** Heartbeats arrive as expected: dispatch to it. */
  HEALTHY,
  /** Heartbeats are late: dispatch nothing new, let in-flight attempts run. */
  SUSPECT,
  /** Declared dead: in-flight attempts fail as AGENT_LOST; it must rejoin to be used again. */
  DEAD
}
