package io.lifeline.store;

import io.lifeline.checkpoint.Checkpoint;
import io.lifeline.checkpoint.CheckpointKind;
import io.lifeline.event.Event;
import io.lifeline.model.FailureKind;
import io.lifeline.model.Output;
import io.lifeline.model.Usage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Records and writes for store tests, with every field filled so that round trips mean something. */
public final class StoreFixtures {

  public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private StoreFixtures() {}

  public static JobRecord job(String jobId) {
    return job(jobId, JobState.QUEUED);
  }

  public static JobRecord job(String jobId, JobState state) {
    return job(jobId, state, "key-" + jobId);
  }

  public static JobRecord job(String jobId, JobState state, String idempotencyKey) {
    return new JobRecord(jobId, "blog-post", Map.of("topic", "tides", "lang", "en"), idempotencyKey,
        state, Budget.DEFAULT, 0, 0, 0.0, T0, Optional.empty(), "");
  }

  public static StepRecord step(String jobId, String stepId) {
    return step(jobId, stepId, StepState.READY);
  }

  public static StepRecord step(String jobId, String stepId, StepState state) {
    return new StepRecord(jobId, stepId, state, 0, "", 0, Optional.empty(), "", List.of(), "");
  }

  public static Checkpoint checkpoint(String jobId, String stepId, long seq, CheckpointKind kind) {
    return new Checkpoint(jobId, stepId, 1, seq, T0.plusSeconds(seq), kind,
        ("state-" + seq).getBytes(StandardCharsets.UTF_8), seq * 10);
  }

  public static Output output(String text) {
    return Output.text(text).withMetadata(Map.of("model", "small")).withUsage(new Usage(42, 0.25));
  }

  public static Event submitted(String jobId) {
    return new Event.JobSubmitted(jobId, T0, "blog-post", Map.of("topic", "tides"), "key-" + jobId);
  }

  public static Event failed(String jobId, String stepId, int attempt) {
    return new Event.AttemptFailed(jobId, T0, stepId, attempt, "writer-1", FailureKind.TIMEOUT,
        "no progress for PT30S", 120, 100, 0, 0);
  }

  public static Event agentJoined(String agentId) {
    return new Event.AgentJoined("", T0, agentId, 1);
  }

  public static Write put(JobRecord job) {
    return new Write.PutJob(job);
  }

  public static Write put(StepRecord step) {
    return new Write.PutStep(step);
  }

  public static Write put(Checkpoint checkpoint, int keepLast) {
    return new Write.PutCheckpoint(checkpoint, keepLast);
  }

  public static Write put(String jobId, String stepId, Output output) {
    return new Write.PutOutput(jobId, stepId, output);
  }

  public static Write append(Event event) {
    return new Write.AppendEvent(event);
  }

  /** A job with one step, as one batch: the smallest state that outputs and checkpoints can hang on. */
  public static List<Write> jobWithStep(String jobId, String stepId) {
    return List.of(put(job(jobId)), put(step(jobId, stepId)));
  }
}
