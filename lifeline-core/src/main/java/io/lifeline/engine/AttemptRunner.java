package io.lifeline.engine;

import io.lifeline.checkpoint.Checkpoints;
import io.lifeline.model.Agent;
import io.lifeline.model.Failure;
import io.lifeline.model.FailureClassifier;
import io.lifeline.model.FailureKind;
import io.lifeline.model.Output;
import io.lifeline.model.Workflow;
import io.lifeline.quality.EvaluationRetry;
import io.lifeline.quality.QualityEvaluator;
import io.lifeline.quality.SafetyFilter;
import io.lifeline.store.Store;
import io.lifeline.time.Sleeper;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;

/**
 * Runs one dispatched attempt on its own virtual thread: loads its inputs and checkpoint from the
 * store, runs the agent, applies the output checks (empty output, quality gate) and reports the
 * outcome to the coordinator. A success is always reported, even after cancellation, so that a late
 * result meets the fence and is recorded as stale (I3); a failure caused by the cancellation itself
 * is not reported, since the coordinator already moved on.
 */
final class AttemptRunner {

  /**
   * How an attempt that ran to its own end ended.
   *
   * @param report the input that reports it to the coordinator, or null when there is none
   * @param lostWork whether it ended in a fault that loses the agent's work in progress, the
   *     failures checkpoints protect against (Young/Daly's failure rate): crashed, hung, a transient
   *     error, out of memory. A 429 before any work, an output rejected after all of it, or an
   *     output whose checks could not be completed (judges down) does not count
   */
  record Outcome(Input report, boolean lostWork) {
    static final Outcome NONE = new Outcome(null, false);

    /** An outcome of the agent's own making. */
    static Outcome of(Input report) {
      return new Outcome(report, report instanceof Input.AttemptFailed failed && switch (failed.failure().kind()) {
        case AGENT_LOST, TIMEOUT, TRANSIENT, RESOURCE_EXHAUSTED -> true;
        default -> false;
      });
    }

    /** A failure to check an output the agent finished: the agent lost no work. */
    static Outcome checkFailed(Input report) {
      return new Outcome(report, false);
    }
  }

  private final Store store;
  private final QualityCheck quality;
  private final SafetyFilter safety;

  AttemptRunner(Store store, Map<String, QualityEvaluator> evaluators, SafetyFilter safety,
      EvaluationRetry evaluationRetry, Sleeper evaluationSleeper) {
    this.store = store;
    this.quality = new QualityCheck(evaluators, evaluationRetry, evaluationSleeper);
    this.safety = safety;
  }

  /** Prepares the attempt and runs it. */
  Outcome prepareAndRun(Agent agent, Effects.Dispatch dispatch, LifelineEngine engine, AttemptStop stop) {
    LocalAttemptContext context;
    try {
      context = prepare(dispatch, engine, stop);
    } catch (RuntimeException e) {
      return stop.stopped() ? Outcome.NONE : Outcome.of(new Input.AttemptFailed(dispatch.key(),
          Failure.of(FailureKind.TRANSIENT, "could not load the attempt's inputs: " + e.getMessage()), 0));
    }
    try {
      return run(agent, dispatch, context);
    } catch (Throwable unexpected) {
      // An evaluator or filter failed after the agent returned: report it, or the step would only
      // notice at its no-progress deadline and blame the agent with a TIMEOUT.
      return context.isCancelled() ? Outcome.NONE : Outcome.checkFailed(new Input.AttemptFailed(dispatch.key(),
          Failure.of(FailureKind.TRANSIENT, "checking the output failed: " + unexpected), context.lastProgress(),
          context.usageSoFar()));
    }
  }

  /** Builds the context of a dispatched attempt: upstream outputs, rendered prompt, restored state. */
  LocalAttemptContext prepare(Effects.Dispatch dispatch, LifelineEngine engine, AttemptStop stop) {
    var key = dispatch.key();
    var step = dispatch.step();
    String template = step.promptFor(dispatch.variant());
    var needed = new LinkedHashSet<>(step.after());
    needed.addAll(Workflow.placeholders(template));
    var inputs = new HashMap<String, Output>();
    var values = new HashMap<>(dispatch.jobInput());
    for (String name : needed) {
      var upstream = store.output(key.jobId(), name);
      upstream.ifPresent(output -> {
        inputs.put(name, output);
        values.put(name, output.isText() ? output.text()
            : "[" + output.mediaType() + ", " + output.content().length + " bytes]");
      });
      if (upstream.isEmpty() && step.after().contains(name)) {
        values.put(name, ""); // an optional dependency that was dead-lettered: render it as nothing
      }
    }
    var resume = dispatch.resume()
        ? Checkpoints.restore(store.checkpoints(key.jobId(), key.stepId()))
        : Optional.<io.lifeline.checkpoint.RestoredState>empty();
    return new LocalAttemptContext(key, Workflow.render(template, values), dispatch.params(),
        dispatch.tokensLeft(), inputs, dispatch.jobInput(), resume, engine, engine.ticker(), () -> engine.checkpointInterval(dispatch.agentId()),
        stop);
  }

  /** Runs the agent and checks its output. */
  Outcome run(Agent agent, Effects.Dispatch dispatch, LocalAttemptContext context) {
    Output output;
    try {
      output = agent.run(context);
    } catch (Throwable thrown) {
      if (context.isCancelled()) {
        // Superseded: nothing to decide, but what it spent still counts against the budget (I4).
        boolean spent = context.usageSoFar().tokens() > 0 || context.usageSoFar().cost() > 0;
        return spent ? Outcome.of(new Input.AttemptFailed(context.key(), FailureClassifier.classify(thrown),
            context.lastProgress(), context.usageSoFar())) : Outcome.NONE;
      }
      return Outcome.of(new Input.AttemptFailed(context.key(), FailureClassifier.classify(thrown),
          context.lastProgress(), context.usageSoFar()));
    }
    if (output == null || output.isBlank()) {
      return Outcome.of(failed(context, Failure.of(FailureKind.INVALID_OUTPUT, "empty output"),
          output == null ? context.usageSoFar() : output.usage()));
    }
    if (context.isCancelled()) {
      // A late result (a hedge lost, a deadline passed): the fence rejects it and charges its
      // usage; checking it would only pay judges for a verdict nobody reads.
      return Outcome.of(new Input.AttemptSucceeded(context.key(), output));
    }
    // Safety before quality: an unsafe or refused answer goes to the fallback chain, whatever it scores.
    var unsafe = safety.check(context.prompt(), output).failure();
    if (unsafe.isPresent()) {
      return Outcome.of(failed(context, unsafe.get(), output.usage()));
    }
    var gate = dispatch.step().quality();
    if (gate.isPresent()) {
      // The judges' own spend reaches the job through their votes (QualityEvaluated), not here.
      switch (quality.judge(gate.get(), context, output)) {
        case QualityCheck.Verdict.Accepted accepted -> { }
        case QualityCheck.Verdict.Rejected rejected -> {
          return Outcome.of(failed(context, rejected.failure(), output.usage()));
        }
        case QualityCheck.Verdict.Undecided undecided -> {
          return Outcome.checkFailed(failed(context, undecided.failure(), output.usage()));
        }
      }
    }
    return Outcome.of(new Input.AttemptSucceeded(context.key(),
        output.withMetadata(Map.of("agent", dispatch.agentId()))));
  }

  /** A rejected output still cost what it cost: the job is charged its usage (I4). */
  private static Input failed(LocalAttemptContext context, Failure failure, io.lifeline.model.Usage usage) {
    return new Input.AttemptFailed(context.key(), failure, context.lastProgress(), usage);
  }
}
