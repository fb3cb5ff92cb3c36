package io.lifeline.sim;

import io.lifeline.model.Deadlines;
import io.lifeline.model.FanOut;
import io.lifeline.model.Hedge;
import io.lifeline.model.RetryPolicy;
import io.lifeline.model.StepSpec;
import io.lifeline.model.Variant;
import io.lifeline.model.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A family of fault schedules: which faults a seed may draw and how often. A seed picks the
 * concrete schedule (which agent crashes when, which attempt hangs, …) from the scenario.
 *
 * @param crashStop chance that an agent crashes for good during the run
 * @param crashRecover chance that an agent crashes and comes back after 2–10 s
 * @param hang chance that an attempt stops making progress
 * @param slowTail chance that an attempt runs 3–60× slower (heavy-tailed)
 * @param transientError chance that an attempt fails with a 5xx
 * @param rateLimitStorm chance that a provider answers 429 for 5–30 s during the run
 * @param oom chance that an attempt of the primary image variant runs out of memory
 * @param lowQuality chance that an agent goes through a 10–40 s episode of low-quality (short steps)
 *     or drifting (long writing) output
 * @param gcPause chance that an agent pauses (no heartbeats, no progress) for 1–3 s, alive
 * @param partition chance that an agent is cut off from the coordinator for 3–8 s, alive
 * @param coordinatorCrashes how many times the coordinator crashes at a random batch
 */
public record Scenario(String name, int jobs, double crashStop, double crashRecover, double hang, double slowTail,
    double transientError, double rateLimitStorm, double oom, double lowQuality, double gcPause,
    double partition, int coordinatorCrashes) {

  /** The scenario names `lifeline simulate --scenario` accepts. */
  public static final List<String> NAMES = List.of("mixed", "crash", "hang", "flaky", "ratelimit", "oom",
      "quality", "gc", "partition", "coordinator-crash", "calm", "fanout");

  /** The scenario whose jobs fan their long write out over three variants (see {@link #workflow}). */
  static final String FAN_OUT = "fanout";

  public static Scenario named(String name) {
    return switch (name) {
      case "mixed" -> new Scenario(name, 16, 0.1, 0.2, 0.03, 0.05, 0.05, 0.2, 0.1, 0.2, 0.2, 0.15, 1);
      case "crash" -> new Scenario(name, 16, 0.3, 0.5, 0, 0, 0, 0, 0, 0, 0, 0, 0);
      case "hang" -> new Scenario(name, 16, 0, 0, 0.15, 0.1, 0, 0, 0, 0, 0, 0, 0);
      case "flaky" -> new Scenario(name, 16, 0, 0, 0, 0, 0.25, 0, 0, 0, 0, 0, 0);
      case "ratelimit" -> new Scenario(name, 16, 0, 0, 0, 0, 0, 0.8, 0, 0, 0, 0, 0);
      case "oom" -> new Scenario(name, 16, 0, 0, 0, 0, 0, 0, 0.5, 0, 0, 0, 0);
      case "quality" -> new Scenario(name, 16, 0, 0, 0, 0, 0, 0, 0, 0.7, 0, 0, 0);
      case "gc" -> new Scenario(name, 16, 0, 0, 0, 0, 0, 0, 0, 0, 0.9, 0, 0);
      case "partition" -> new Scenario(name, 16, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.6, 0);
      case "coordinator-crash" -> new Scenario(name, 16, 0, 0.1, 0.02, 0, 0.05, 0, 0, 0, 0, 0, 3);
      case "calm" -> new Scenario(name, 16, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
      // No crash-stop: the large variant has one agent, and losing it for good is an outage.
      case FAN_OUT -> new Scenario(name, 16, 0, 0.2, 0.03, 0.05, 0.1, 0.2, 0, 0.2, 0.1, 0.1, 1);
      default -> throw new IllegalArgumentException(
          "scenario: unknown '" + name + "'; known: " + String.join(", ", NAMES));
    };
  }

  /**
   * What every simulated job of {@code scenario} runs: a plan, a long checkpointed write, a
   * picture, a check. The write hedges; in the {@code fanout} scenario it fans out over three
   * variants instead (the step, the large model, a terse rewrite), two of which must succeed.
   */
  static Workflow workflow(String scenario) {
    var deadlines = new Deadlines(Duration.ofSeconds(30), Duration.ofSeconds(3));
    var retry = new RetryPolicy(6, Duration.ofMillis(200), Duration.ofSeconds(5), 2);
    UnaryOperator<StepSpec.Builder> drafts = scenario.equals(FAN_OUT)
        ? s -> s.fallbacks(List.of(new Variant("large", Map.of("model", "m-large"), Map.of(), ""),
            new Variant("terse", Map.of(), Map.of("style", "terse"), ""))).fanOut(FanOut.overVariants(3, 2))
        : s -> s.hedge(Hedge.atP95());
    return Workflow.builder("sim")
        .step("plan", s -> s.kind("text").deadlines(deadlines).retry(retry))
        .step("write", s -> drafts.apply(s.kind("text").after("plan").deadlines(deadlines).retry(retry)))
        .step("picture", s -> s.kind("image").after("plan").deadlines(deadlines).retry(retry)
            .fallbacks(List.of(new Variant("small", Map.of(), Map.of("size", "small"), ""))))
        .step("check", s -> s.kind("evaluator").after("write").deadlines(deadlines).retry(retry).fanOut(2, 1))
        .build();
  }

  /** Work units (chunks of ~100 ms) of each step when nothing goes wrong. */
  static int chunks(String stepId) {
    return switch (stepId) {
      case "plan" -> 5;
      case "write" -> 30;
      case "picture" -> 8;
      default -> 3;
    };
  }
}
