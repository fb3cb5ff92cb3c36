package io.lifeline.agents.chaos;

import io.lifeline.model.FailureKind;
import java.util.Locale;

/**
 * A fault the {@link ChaosAgent} can inject, with the failure kind the runtime should detect it
 * as and when in the attempt it strikes.
 */
public enum Fault {
  /**
   * The agent's process dies mid-stream: {@link ChaosAgent#isAlive()} turns false for the
   * profile's downtime, and the attempt — and any other attempt on the agent — blocks silently
   * until cancelled, never returning.
   */
  CRASH(FailureKind.AGENT_LOST, Strike.MID_STREAM),
  /** The attempt blocks mid-stream without heartbeats or checkpoints until cancelled. */
  HANG(FailureKind.TIMEOUT, Strike.MID_STREAM),
  /**
   * The attempt runs, heartbeating, but slowly: it takes at least the profile's slowness, which
   * should exceed the step's total deadline.
   */
  SLOW(FailureKind.TIMEOUT, Strike.START),
  /** {@code 503 Service Unavailable}, thrown mid-stream as a TRANSIENT failure. */
  TRANSIENT(FailureKind.TRANSIENT, Strike.MID_STREAM),
  /** {@code 429 Too Many Requests} with the profile's Retry-After, thrown before any work. */
  RATE_LIMITED(FailureKind.RATE_LIMITED, Strike.START),
  /**
   * A real {@link OutOfMemoryError} ("simulated: …") thrown mid-stream, so the runtime's
   * classification of errors is exercised, not bypassed.
   */
  OOM(FailureKind.RESOURCE_EXHAUSTED, Strike.MID_STREAM),
  /** The attempt completes with empty content of the same media type. */
  EMPTY(FailureKind.INVALID_OUTPUT, Strike.END),
  /**
   * The attempt completes with repetitive, off-topic text that the heuristic evaluator scores
   * low. Only {@code text/*} outputs can be degraded; on others nothing is injected.
   */
  LOW_QUALITY(FailureKind.LOW_QUALITY, Strike.END),
  /**
   * The attempt completes with text that starts well and then wanders into another genre: its
   * first paragraphs are kept, the rest becomes fluent advertising copy that no heuristic objects
   * to but a style-drift judge should. Only text of two paragraphs or more can drift (a shorter
   * one has no in-style beginning to keep); on others nothing is injected.
   */
  DRIFT(FailureKind.DRIFT, Strike.END),
  /**
   * The attempt finishes its work, then stalls before it delivers — silent, ignoring cancellation,
   * for the profile's {@code lateBy} — and returns its output late, as a provider call that cannot be
   * interrupted does. The runtime should time it out, replace it, and reject the late result by
   * fencing.
   */
  STALL(FailureKind.TIMEOUT, Strike.END);

  /** When in the attempt a fault takes effect. */
  enum Strike {
    /** Before the delegate runs. */
    START,
    /** After a drawn number of the delegate's heartbeats, or at its end if it heartbeats less. */
    MID_STREAM,
    /** On the delegate's output. */
    END
  }

  private final FailureKind detectedAs;
  private final Strike strike;

  Fault(FailureKind detectedAs, Strike strike) {
    this.detectedAs = detectedAs;
    this.strike = strike;
  }

  /** The failure kind the runtime should record for an attempt hit by this fault. */
  public FailureKind detectedAs() {
    return detectedAs;
  }

  Strike strike() {
    return strike;
  }

  /** The name in profile specs: lower case, e.g. {@code rate_limited}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The fault named {@code label} ({@code rate_limited} or {@code rate-limited}, any case). */
  static Fault fromLabel(String label) {
    String name = label.strip().toUpperCase(Locale.ROOT).replace('-', '_');
    for (Fault fault : values()) {
      if (fault.name().equals(name)) {
        return fault;
      }
    }
    throw new IllegalArgumentException("unknown fault '" + label + "', expected one of " + labels());
  }

  static String labels() {
    var names = new StringBuilder();
    for (Fault fault : values()) {
      names.append(names.isEmpty() ? "" : ", ").append(fault.label());
    }
    return names.toString();
  }
}
