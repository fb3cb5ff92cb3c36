package io.lifeline.engine;

import io.lifeline.model.StepSpec;
import io.lifeline.store.AttemptRecord;
import io.lifeline.store.StepRecord;
import io.lifeline.store.StepState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The coordinator's mutable state of one step of one active job. */
final class StepRun {
  final JobRun job;
  final StepSpec spec;
  StepState state;
  int attempt;
  String agentId = "";
  /**
   * The variant the step runs (0 = primary); a fallback changes it. In a fan-out over variants,
   * where each branch runs its own, the variant of the latest started branch (as agentId is its
   * agent), so that a restart knows what that attempt ran.
   */
  int variant;
  String preferredAgent = "";
  final List<AttemptRecord> history = new ArrayList<>();
  String reason = "";
  /** While WAITING_RETRY: ticker reading at which it is READY again; and the same as a wall time. */
  long notBeforeNanos;
  /** While READY: when it entered the queue, to bound its wait for an agent. */
  long readySinceNanos;
  Instant notBefore;
  /** The attempts running now, by attempt number: one, two while hedged, or a fan-out's branches. */
  final Map<Integer, LiveAttempt> live = new LinkedHashMap<>();
  /** Whether the running round of attempts already got its hedge. */
  boolean hedged;
  /** A fan-out step's successful branches so far (in memory until the step has enough). */
  final List<FanOuts.Branch> branchOutputs = new ArrayList<>();
  /** The newest checkpoint of the step, over all attempts: its seq (0 = none), progress and variant. */
  long checkpointSeq;
  long checkpointProgress;
  int checkpointVariant;
  /** Checkpoints up to this seq hold rejected content or another variant's state: never resume them. */
  long checkpointFloor;
  /** Attempts whose stale heartbeats were already recorded once. */
  final java.util.Set<Integer> staleHeartbeatsNoted = new java.util.HashSet<>();

  StepRun(JobRun job, StepSpec spec, StepState state) {
    this.job = job;
    this.spec = spec;
    this.state = state;
  }

  String id() {
    return spec.id();
  }

  AttemptKey key() {
    return new AttemptKey(job.id(), spec.id(), attempt);
  }

  boolean isCurrent(AttemptKey key) {
    return state == StepState.RUNNING && live.containsKey(key.attempt());
  }

  StepRecord record() {
    return new StepRecord(job.id(), spec.id(), state, attempt, agentId, variant,
        state == StepState.WAITING_RETRY ? Optional.ofNullable(notBefore) : Optional.empty(),
        preferredAgent, history, reason);
  }
}
