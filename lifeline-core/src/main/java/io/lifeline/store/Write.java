package io.lifeline.store;

import io.lifeline.checkpoint.Checkpoint;
import io.lifeline.event.Event;
import io.lifeline.model.Output;
import java.time.Duration;
import java.util.Objects;

/** One change a {@link Store} applies inside a batch. Later writes in a batch win. */
public sealed interface Write {

  /** Inserts or replaces the job row. */
  record PutJob(JobRecord job) implements Write {
    public PutJob {
      Objects.requireNonNull(job, "job");
    }
  }

  /**
   * Adds a superseded attempt's late spend to a job that already finished (an active job's row
   * carries such spend in its next {@link PutJob}). A job that is not stored is left alone.
   */
  record ChargeJob(String jobId, long tokens, double cost) implements Write {
    public ChargeJob {
      Objects.requireNonNull(jobId, "jobId");
      if (tokens < 0 || !(cost >= 0)) {
        throw new IllegalArgumentException("a charge cannot be negative: " + tokens + " tokens, cost " + cost);
      }
    }
  }

  /** Inserts or replaces the step row. */
  record PutStep(StepRecord step) implements Write {
    public PutStep {
      Objects.requireNonNull(step, "step");
    }
  }

  /** Stores a step's accepted output; a step has at most one (I3). */
  record PutOutput(String jobId, String stepId, Output output) implements Write {
    public PutOutput {
      Objects.requireNonNull(jobId, "jobId");
      Objects.requireNonNull(stepId, "stepId");
      Objects.requireNonNull(output, "output");
    }
  }

  /**
   * Stores a checkpoint, then prunes the step's older ones as
   * {@link io.lifeline.checkpoint.Checkpoints#firstSeqToKeep} says.
   */
  record PutCheckpoint(Checkpoint checkpoint, int keepLast) implements Write {
    public PutCheckpoint {
      Objects.requireNonNull(checkpoint, "checkpoint");
      if (keepLast < 1) {
        throw new IllegalArgumentException("keepLast must be >= 1, was " + keepLast);
      }
    }
  }

  /**
   * Adds how long a successful attempt of {@code agentKind} ran, then forgets all but that kind's
   * latest {@code keepLast} such durations ({@link Store#latencies}).
   */
  record RecordLatency(String agentKind, Duration latency, int keepLast) implements Write {
    public RecordLatency {
      Objects.requireNonNull(agentKind, "agentKind");
      Objects.requireNonNull(latency, "latency");
      if (latency.isNegative()) {
        throw new IllegalArgumentException("latency of agent kind '" + agentKind + "' cannot be negative: " + latency);
      }
      if (keepLast < 1) {
        throw new IllegalArgumentException("keepLast must be >= 1, was " + keepLast);
      }
    }
  }

  /** Appends to the history. */
  record AppendEvent(Event event) implements Write {
    public AppendEvent {
      Objects.requireNonNull(event, "event");
    }
  }
}
