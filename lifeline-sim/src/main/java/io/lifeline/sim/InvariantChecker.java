package io.lifeline.sim;

import io.lifeline.event.Event;
import io.lifeline.store.JobState;
import io.lifeline.store.StepState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * Checks one run against the guarantees, from its durable history and final store:
 *
 * <ul>
 *   <li>I2 and the total-queue rule: every acknowledged job is terminal; none is lost, none
 *       unexpected, none duplicated.
 *   <li>I3: at most one effective completion per step; no result or checkpoint of an attempt the
 *       coordinator had already failed ever takes effect; the stored output is the one the
 *       completing attempt produced.
 *   <li>I4: attempts per step within the retry limit (rate-limited ones aside), per job within
 *       the budget.
 *   <li>I5: every attempt that resumes, resumes from the newest durable checkpoint of its step.
 *   <li>I6: a crashed agent is declared dead within {@link #DETECTION_BOUND} (Lifeline policy).
 * </ul>
 */
public final class InvariantChecker {

  /**
   * The phi detector's worst case here: 2.02 s after the last heartbeat with steady heartbeats,
   * up to about 3.9 s once it has learned a 5 s (capped) pause, plus one heartbeat interval and
   * one check interval. A crash that takes longer to detect is a violation.
   */
  static final long DETECTION_BOUND = Duration.ofMillis(4_500).toNanos();

  private InvariantChecker() {}

  public static List<String> check(SimResult run) {
    var violations = new ArrayList<String>();
    checkOutcomes(run, violations);
    checkSteps(run, violations);
    if (run.config().resumeFromCheckpoints()) {
      checkResume(run, violations);
    }
    if (run.policy() == Policy.LIFELINE) {
      checkDetection(run, violations);
    }
    return violations;
  }

  private static void checkOutcomes(SimResult run, List<String> violations) {
    var store = run.store();
    var keys = new HashSet<>(run.jobKeys());
    for (String key : run.jobKeys()) {
      if (!run.acked().contains(key)) {
        violations.add("total-queue: job " + key + " was never acknowledged");
      }
      var job = store.jobByIdempotencyKey(key);
      if (job.isEmpty()) {
        violations.add("I2/lost: job " + key + " is not in the store");
      } else if (!job.get().state().isTerminal()) {
        violations.add("I2: job " + key + " is still " + job.get().state() + " at the end of the run");
      }
    }
    for (var job : store.jobs(java.util.Optional.empty(), Integer.MAX_VALUE)) {
      if (!keys.contains(job.idempotencyKey())) {
        violations.add("total-queue/unexpected: job " + job.jobId() + " was never submitted");
      }
    }
  }

  private static void checkSteps(SimResult run, List<String> violations) {
    var succeeded = new HashMap<String, Integer>();
    var started = new HashMap<String, Integer>();
    var rateLimited = new HashMap<String, Integer>();
    var startedPerJob = new HashMap<String, Integer>();
    for (Event event : run.committed()) {
      switch (event) {
        case Event.StepSucceeded s -> succeeded.merge(s.jobId() + "/" + s.stepId(), 1, Integer::sum);
        case Event.AttemptStarted s -> {
          started.merge(s.jobId() + "/" + s.stepId(), 1, Integer::sum);
          startedPerJob.merge(s.jobId(), 1, Integer::sum);
        }
        case Event.AttemptFailed f when f.kind() == io.lifeline.model.FailureKind.RATE_LIMITED ->
            rateLimited.merge(f.jobId() + "/" + f.stepId(), 1, Integer::sum);
        default -> { }
      }
    }
    checkFencing(run, violations);
    succeeded.forEach((step, n) -> {
      if (n > 1) {
        violations.add("I3: step " + step + " completed " + n + " times");
      }
    });
    var workflow = Scenario.workflow(run.scenario());
    for (var job : run.store().jobs(java.util.Optional.empty(), Integer.MAX_VALUE)) {
      for (var step : run.store().steps(job.jobId())) {
        String key = job.jobId() + "/" + step.stepId();
        if (job.state() == JobState.SUCCEEDED
            && (step.state() != StepState.SUCCEEDED || succeeded.getOrDefault(key, 0) != 1
                || run.store().output(job.jobId(), step.stepId()).isEmpty())) {
          violations.add("I3: job " + job.jobId() + " succeeded but step " + step.stepId()
              + " has " + succeeded.getOrDefault(key, 0) + " completions and state " + step.state());
        }
        int limit = workflow.step(step.stepId()).retry().maxAttempts() + rateLimited.getOrDefault(key, 0);
        if (started.getOrDefault(key, 0) > limit) {
          violations.add("I4: step " + key + " started " + started.get(key) + " attempts, limit " + limit);
        }
      }
      int jobAttempts = startedPerJob.getOrDefault(job.jobId(), 0);
      if (jobAttempts > job.budget().maxAttempts()) {
        violations.add("I4: job " + job.jobId() + " started " + jobAttempts + " attempts, budget "
            + job.budget().maxAttempts());
      }
    }
  }

  /**
   * Ground truth for fencing: once the coordinator recorded an attempt as failed, nothing that
   * attempt sends may take effect — neither a completion (of the step or of a fan-out branch) nor
   * a checkpoint — and the output kept for a step must be the one its completing attempt produced
   * (the simulated agents sign their text), or for a fan-out the join of branches that succeeded.
   */
  private static void checkFencing(SimResult run, List<String> violations) {
    var failed = new HashSet<String>();
    var branches = new HashMap<String, Event.BranchSucceeded>(); // by job and the text each produced
    for (Event event : run.committed()) {
      switch (event) {
        case Event.AttemptFailed f -> failed.add(f.jobId() + "/" + f.stepId() + "/" + f.attempt());
        case Event.BranchSucceeded b -> {
          var key = new io.lifeline.engine.AttemptKey(b.jobId(), b.stepId(), b.attempt());
          if (failed.contains(key.toString())) {
            violations.add("I3: " + key + " succeeded as a branch after it had been failed");
          }
          branches.put(b.jobId() + "/" + Simulation.producedBy(key, b.agentId()), b);
        }
        case Event.StepSucceeded s -> {
          String key = s.jobId() + "/" + s.stepId() + "/" + s.attempt();
          if (failed.contains(key)) {
            violations.add("I3: " + key + " completed the step after it had been failed");
          }
          var output = run.store().output(s.jobId(), s.stepId());
          var step = Scenario.workflow(run.scenario()).step(s.stepId());
          if (output.isPresent() && step.fanOut().isPresent()) {
            checkJoined(s, output.get().text(), step, branches, violations);
            continue;
          }
          String expected = Simulation.producedBy(new io.lifeline.engine.AttemptKey(s.jobId(), s.stepId(), s.attempt()),
              s.agentId());
          if (output.isPresent() && !output.get().text().equals(expected)) {
            violations.add("I3: " + s.jobId() + "/" + s.stepId() + " keeps '" + output.get().text()
                + "' but attempt " + s.attempt() + " on " + s.agentId() + " completed it");
          }
        }
        case Event.CheckpointSaved c when failed.contains(c.jobId() + "/" + c.stepId() + "/" + c.attempt()) ->
            violations.add("I3: " + c.jobId() + "/" + c.stepId() + "/" + c.attempt()
                + " saved a checkpoint after it had been failed");
        default -> { }
      }
    }
  }

  /**
   * A fan-out step's output joins {@code need} outputs of its own branches that succeeded (one
   * of them the completing attempt's), each once; over variants in variant order.
   */
  private static void checkJoined(Event.StepSucceeded s, String text, io.lifeline.model.StepSpec step,
      Map<String, Event.BranchSucceeded> branches, List<String> violations) {
    var fanOut = step.fanOut().orElseThrow();
    String where = "I3: " + s.jobId() + "/" + s.stepId() + " keeps '" + text + "': ";
    var parts = List.of(text.split("\n\n---\n\n", -1));
    if (parts.size() != fanOut.need() || new HashSet<>(parts).size() != parts.size()) {
      violations.add(where + "not " + fanOut.need() + " distinct branch outputs");
      return;
    }
    int lastVariant = -1;
    boolean completedBy = false;
    for (String part : parts) {
      var branch = branches.get(s.jobId() + "/" + part);
      if (branch == null || !branch.stepId().equals(s.stepId())) {
        violations.add(where + "'" + part + "' is no branch of the step that succeeded");
        return;
      }
      completedBy |= branch.attempt() == s.attempt();
      int variant = variantIndex(step, branch.variant());
      if (fanOut.overVariants() && variant <= lastVariant) {
        violations.add(where + "branches out of variant order");
      }
      lastVariant = variant;
    }
    if (!completedBy) {
      violations.add(where + "attempt " + s.attempt() + " completed the step but is not in it");
    }
  }

  private static int variantIndex(io.lifeline.model.StepSpec step, String name) {
    for (int variant = 0; variant <= step.fallbacks().size(); variant++) {
      if (step.variantName(variant).equals(name)) {
        return variant;
      }
    }
    throw new IllegalArgumentException("step '" + step.id() + "' has no variant '" + name + "'");
  }

  /**
   * Every attempt resumes from the newest durable checkpoint of its step, except after content
   * was rejected (LOW_QUALITY, UNSAFE, REFUSED) or the variant changed: then from nothing. A branch
   * of a fan-out over variants may also start from nothing (its variant did not save the newest
   * checkpoint, or the engine restarted); if it resumes, then from the newest checkpoint, and only
   * when a branch of its own variant saved it: never from another variant's state.
   */
  private static void checkResume(SimResult run, List<String> violations) {
    var workflow = Scenario.workflow(run.scenario());
    Map<String, Long> newest = new HashMap<>();
    Map<String, String> newestVariant = new HashMap<>();
    Map<String, String> variantOfAttempt = new HashMap<>();
    Map<String, Long> floor = new HashMap<>();
    Map<String, io.lifeline.model.FailureKind> failureKinds = new HashMap<>();
    var discards = java.util.EnumSet.of(io.lifeline.model.FailureKind.LOW_QUALITY,
        io.lifeline.model.FailureKind.UNSAFE, io.lifeline.model.FailureKind.REFUSED);
    for (Event event : run.committed()) {
      switch (event) {
        case Event.CheckpointSaved c -> {
          String step = c.jobId() + "/" + c.stepId();
          if (c.seq() > newest.getOrDefault(step, 0L)) {
            newest.put(step, c.seq());
            newestVariant.put(step, variantOfAttempt.get(step + "/" + c.attempt()));
          }
        }
        case Event.AttemptFailed f -> failureKinds.put(f.jobId() + "/" + f.stepId() + "/" + f.attempt(), f.kind());
        case Event.RecoveryDecided d -> {
          String step = d.jobId() + "/" + d.stepId();
          var kind = failureKinds.get(step + "/" + d.failedAttempt());
          if (d.action().equals("Fallback") || kind != null && discards.contains(kind)) {
            floor.put(step, newest.getOrDefault(step, 0L));
          }
        }
        case Event.AttemptStarted s -> {
          String step = s.jobId() + "/" + s.stepId();
          String variant = s.variant().replaceFirst(" \\((branch|hedge)\\)$", "");
          variantOfAttempt.put(step + "/" + s.attempt(), variant);
          long latest = newest.getOrDefault(step, -1L);
          if (workflow.step(s.stepId()).fanOut().filter(io.lifeline.model.FanOut::overVariants).isPresent()) {
            if (s.resumedSeq() != -1 && (s.resumedSeq() != latest || !variant.equals(newestVariant.get(step)))) {
              violations.add("I5: " + s.jobId() + "/" + s.stepId() + " attempt " + s.attempt() + " of variant "
                  + variant + " resumed from checkpoint " + s.resumedSeq() + "; the newest durable one is "
                  + latest + ", saved by variant " + newestVariant.get(step));
            }
            continue;
          }
          long expected = latest > floor.getOrDefault(step, 0L) ? latest : -1L;
          if (s.resumedSeq() != expected) {
            violations.add("I5: " + s.jobId() + "/" + s.stepId() + " attempt " + s.attempt()
                + " resumed from checkpoint " + s.resumedSeq() + " but the newest durable one is " + expected);
          }
        }
        default -> { }
      }
    }
  }

  private static void checkDetection(SimResult run, List<String> violations) {
    for (var injection : run.injections()) {
      if (!injection.kind().startsWith("crash")) {
        continue;
      }
      long crashed = injection.atNanos();
      long deadline = crashed + DETECTION_BOUND;
      if (deadline > run.endNanos()) {
        continue; // the run ended (every job done) before the bound: nothing left to observe
      }
      if (run.restarts().stream().anyMatch(r -> r >= crashed - DETECTION_BOUND && r <= deadline)) {
        continue; // a restarted coordinator never registers an agent that is down
      }
      boolean alreadyOut = false;
      boolean handled = false;
      for (Event event : run.committed()) {
        long t = run.offset(event.at());
        switch (event) {
          case Event.AgentDead d when d.agentId().equals(injection.agentId()) -> {
            if (t <= crashed) {
              alreadyOut = true;
            } else if (t <= deadline) {
              handled = true;
            }
          }
          case Event.AgentJoined j when j.agentId().equals(injection.agentId()) -> {
            if (t <= crashed) {
              alreadyOut = false;
            } else if (t <= deadline) {
              handled = true; // it came back first: the rejoin failed its lost attempts at once
            }
          }
          default -> { }
        }
      }
      if (!handled && !alreadyOut) {
        violations.add(String.format("I6: agent %s crashed at %.3f s and was not declared dead within %d ms",
            injection.agentId(), crashed / 1e9, DETECTION_BOUND / 1_000_000));
      }
    }
  }
}
