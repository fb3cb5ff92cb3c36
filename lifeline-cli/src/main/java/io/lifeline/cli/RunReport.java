package io.lifeline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.lifeline.model.Output;
import io.lifeline.store.JobRecord;
import io.lifeline.store.JobState;
import io.lifeline.store.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The outcome of one {@code lifeline run} job, read back from the store: the job, each step's
 * state, attempts, agent and output, and the faults of its history. Outputs are written to
 * {@code OUTPUTS/<job>/<step>.<ext>} so that binary ones (images) can be opened.
 */
final class RunReport {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  /** Enough of a text output to recognise it on one line. */
  static final int PREVIEW_CHARS = 160;

  record StepLine(String stepId, String state, int attempts, String agent, Output output, Path file) {}

  record Fault(String stepId, int attempt, String agent, String kind, String message) {}

  private final JobRecord job;
  private final List<StepLine> steps;
  private final List<Fault> faults;
  private final long wallMillis;

  private RunReport(JobRecord job, List<StepLine> steps, List<Fault> faults, long wallMillis) {
    this.job = job;
    this.steps = steps;
    this.faults = faults;
    this.wallMillis = wallMillis;
  }

  static RunReport of(Store store, String jobId, Path outputs, long wallMillis) throws IOException {
    JobRecord job = store.job(jobId).orElseThrow();
    var steps = new ArrayList<StepLine>();
    for (var step : store.steps(jobId)) {
      Output output = store.output(jobId, step.stepId()).orElse(null);
      Path file = output == null ? null : write(outputs.resolve(jobId), step.stepId(), output);
      steps.add(new StepLine(step.stepId(), step.state().name(), step.attempt(), step.agentId(), output, file));
    }
    var faults = new ArrayList<Fault>();
    for (var event : store.history(jobId)) {
      if (event.type().equals("AttemptFailed")) {
        JsonNode e = JSON.readTree(event.json());
        faults.add(new Fault(e.path("stepId").asText(), e.path("attempt").asInt(), e.path("agentId").asText(),
            e.path("kind").asText(), e.path("message").asText()));
      }
    }
    return new RunReport(job, steps, faults, wallMillis);
  }

  JobState state() {
    return job.state();
  }

  void print(PrintWriter out) {
    var budget = job.budget();
    out.printf("%njob %s %s in %.1f s: %d attempts, %d tokens, cost %.4f (budget %d attempts, %s tokens, cost %s)%s%n",
        job.jobId(), job.state(), wallMillis / 1000.0, job.attemptsUsed(), job.tokensUsed(), job.costUsed(),
        budget.maxAttempts(), budget.maxTokens() == 0 ? "unlimited" : Long.toString(budget.maxTokens()),
        budget.maxCost() == 0 ? "unlimited" : String.format("%.4f", budget.maxCost()),
        job.reason().isEmpty() ? "" : "\n  reason: " + job.reason());
    out.printf("  %-14s %-10s %8s  %-12s %s%n", "STEP", "STATE", "ATTEMPTS", "AGENT", "OUTPUT");
    for (var step : steps) {
      out.printf("  %-14s %-10s %8d  %-12s %s%n", step.stepId(), step.state(), step.attempts(), step.agent(),
          step.output() == null ? "-" : describe(step));
    }
    out.flush();
  }

  void writeJson(Path file) throws IOException {
    var root = new LinkedHashMap<String, Object>();
    root.put("job_id", job.jobId());
    root.put("workflow", job.workflow());
    root.put("state", job.state().name());
    root.put("reason", job.reason());
    root.put("attempts", job.attemptsUsed());
    root.put("tokens", job.tokensUsed());
    root.put("cost", job.costUsed());
    root.put("budget", Map.of("max_attempts", job.budget().maxAttempts(), "max_tokens", job.budget().maxTokens(),
        "max_cost", job.budget().maxCost(), "low_at", job.budget().lowAt()));
    root.put("wall_ms", wallMillis);
    var stepsJson = new LinkedHashMap<String, Object>();
    var outputs = new LinkedHashMap<String, Object>();
    for (var step : steps) {
      stepsJson.put(step.stepId(), Map.of("state", step.state(), "attempts", step.attempts(), "agent", step.agent()));
      if (step.output() != null) {
        outputs.put(step.stepId(), output(step));
      }
    }
    root.put("steps", stepsJson);
    root.put("outputs", outputs);
    root.put("faults", faults.stream().map(f -> Map.of("step", f.stepId(), "attempt", f.attempt(), "agent", f.agent(),
        "kind", f.kind(), "message", f.message())).toList());
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    JSON.writeValue(file.toFile(), root);
  }

  private static Map<String, Object> output(StepLine step) {
    var json = new LinkedHashMap<String, Object>();
    Output output = step.output();
    json.put("media_type", output.mediaType());
    json.put("bytes", output.content().length);
    json.put("agent", output.metadata().getOrDefault("agent", step.agent()));
    if (output.isText()) {
      json.put("preview", preview(output));
    }
    json.put("file", step.file().toString());
    json.put("tokens", output.usage().tokens());
    json.put("metadata", output.metadata());
    return json;
  }

  private static String describe(StepLine step) {
    Output output = step.output();
    String what = output.mediaType() + ", " + output.content().length + " bytes";
    return output.isText() ? what + ": \"" + preview(output) + "\"" : what + " -> " + step.file();
  }

  private static String preview(Output output) {
    String text = output.text().replaceAll("\\s+", " ").strip();
    return text.length() <= PREVIEW_CHARS ? text : text.substring(0, PREVIEW_CHARS) + "…";
  }

  private static Path write(Path dir, String stepId, Output output) {
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve(stepId + "." + extension(output.mediaType()));
      Files.write(file, output.content());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the output of step '" + stepId + "' to " + dir, e);
    }
  }

  static String extension(String mediaType) {
    return switch (mediaType.toLowerCase(Locale.ROOT)) {
      case "text/markdown" -> "md";
      case "text/plain" -> "txt";
      case "application/json" -> "json";
      case "image/png" -> "png";
      case "image/jpeg" -> "jpg";
      case "image/webp" -> "webp";
      default -> "bin";
    };
  }
}
