package io.lifeline.engine;

import io.lifeline.event.Event;
import io.lifeline.model.Failure;
import io.lifeline.model.StepSpec;
import io.lifeline.store.Write;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the coordinator asks its shell to do after one batch: persist {@link #writes} in one
 * transaction first, then — and only then (write-ahead) — dispatch, cancel, answer and publish.
 */
public final class Effects {

  /**
   * Run an attempt on an agent; {@code resume} = restore the step's latest checkpoint first.
   *
   * @param tokensLeft the job's tokens this attempt may use, input and output: its budget less what
   *     ended attempts were charged and running ones reported when it started; empty = no limit.
   *     The step's own {@code maxTokens} parameter is capped to it ({@link
   *     io.lifeline.model.GenerationParams#withOutputCap}); agents cap their own default with
   *     {@code AttemptContext.tokensLeft()}
   */
  public record Dispatch(AttemptKey key, String agentId, String workflow, StepSpec step, int variant,
      Map<String, String> jobInput, boolean resume, java.util.OptionalLong tokensLeft) {

    /** The step's parameters for this attempt's variant, its own {@code maxTokens} capped at the tokens left. */
    public Map<String, String> params() {
      return io.lifeline.model.GenerationParams.withOutputCap(step.paramsFor(variant), tokensLeft);
    }
  }

  /**
   * Stop an attempt that the coordinator no longer waits for.
   *
   * @param charged the failure the attempt was charged with, when a fault cut it short (a deadline
   *     passed, its agent was declared dead); empty when it is merely no longer needed (another
   *     attempt won the race, the job ended). Only the former counts as a failure of its agent kind
   *     for the checkpoint interval, and against its provider's health
   */
  public record Cancel(AttemptKey key, String reason, Optional<Failure> charged) {}

  public record Ack(long ticket, Object value) {}

  public record Refusal(long ticket, RuntimeException error) {}

  final List<Write> writes = new ArrayList<>();
  final List<Dispatch> dispatches = new ArrayList<>();
  final List<Cancel> cancels = new ArrayList<>();
  final List<Ack> acks = new ArrayList<>();
  final List<Refusal> refusals = new ArrayList<>();
  final List<Event> events = new ArrayList<>();
  final List<String> evictions = new ArrayList<>();

  public List<Write> writes() {
    return writes;
  }

  public List<Dispatch> dispatches() {
    return dispatches;
  }

  public List<Cancel> cancels() {
    return cancels;
  }

  public List<Ack> acks() {
    return acks;
  }

  public List<Refusal> refusals() {
    return refusals;
  }

  /**
   * Agents that heartbeat although declared dead: their hosts must rejoin them as a new
   * incarnation (the old one's attempts were already failed and stay fenced off).
   */
  public List<String> evictions() {
    return evictions;
  }

  /** The events among {@link #writes}, in order, to publish once they are durable. */
  public List<Event> events() {
    return events;
  }
}
