package io.lifeline.engine;

import io.lifeline.checkpoint.Checkpoints;
import io.lifeline.model.Agent;
import io.lifeline.model.Failure;
import io.lifeline.model.FailureClassifier;
import io.lifeline.model.FailureKind;
import io.lifeline.model.Output;
import io.lifeline.model.Workflow;
import io.lifeline.quality.QualityEvaluator;
import io.lifeline.quality.SafetyFilter;
import io.lifeline.store.Store;
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

  private final Store store;
  private final QualityCheck quality;
  private final SafetyFilter safety;

  AttemptRunner(Store store, Map<String, QualityEvaluator> evaluators, SafetyFilter safety) {
    this.store = store;
    this.quality = new QualityCheck(evaluators);
    this.safety = safety;
  }

  /** Prepares the attempt and runs it; returns the input that reports the outcome, or null. */
  Input prepareAndRun(Agent agent, Effects.Dispatch dispatch, LifelineEngine engine, AttemptStop stop) {
    LocalAttemptContext context;
    try {
      context = prepare(dispatch, engine, stop);
    } catch (RuntimeException e) {
      return stop.stopped() ? null : new Input.AttemptFailed(dispatch.key(),
          Failure.of(FailureKind.TRANSIENT, "could not load the attempt's inputs: " + e.getMessage()), 0);
    }
    try {
      return run(agent, dispatch, context);
    } catch (Throwable unexpected) {
      // An evaluator or filter failed after the agent returned: report it, or the step would only
      // notice at its no-progress deadline and blame the agent with a TIMEOUT.
      return context.isCancelled() ? null : new Input.AttemptFailed(dispatch.key(),
          Failure.of(FailureKind.TRANSIENT, "checking the output failed: " + unexpected), context.lastProgress(),
          context.usageSoFar());
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

  /** Runs the agent and returns the input that reports the outcome, or null when there is none to report. */
  Input run(Agent agent, Effects.Dispatch dispatch, LocalAttemptContext context) {
    Output output;
    try {
      output = agent.run(context);
    } catch (Throwable thrown) {
      if (context.isCancelled()) {
        // Superseded: nothing to decide, but what it spent still counts against the budget (I4).
        boolean spent = context.usageSoFar().tokens() > 0 || context.usageSoFar().cost() > 0;
        return spent ? new Input.AttemptFailed(context.key(), FailureClassifier.classify(thrown),
            context.lastProgress(), context.usageSoFar()) : null;
      }
      return new Input.AttemptFailed(context.key(), FailureClassifier.classify(thrown), context.lastProgress(),
          context.usageSoFar());
    }
    if (output == null || output.isBlank()) {
      return failed(context, Failure.of(FailureKind.INVALID_OUTPUT, "empty output"),
          output == null ? context.usageSoFar() : output.usage());
    }
    // Safety before quality: an unsafe or refused answer goes to the fallback chain, whatever it scores.
    var unsafe = safety.check(context.prompt(), output).failure();
    if (unsafe.isPresent()) {
      return failed(context, unsafe.get(), output.usage());
    }
    var gate = dispatch.step().quality();
    if (gate.isPresent()) {
      var rejection = quality.judge(gate.get(), context, output);
      if (rejection.isPresent()) {
        return failed(context, rejection.get(), output.usage());
      }
    }
    return new Input.AttemptSucceeded(context.key(), output.withMetadata(Map.of("agent", dispatch.agentId())));
  }

  /** A rejected output still cost what it cost: the job is charged its usage (I4). */
  private static Input failed(LocalAttemptContext context, Failure failure, io.lifeline.model.Usage usage) {
    return new Input.AttemptFailed(context.key(), failure, context.lastProgress(), usage);
  }
}
