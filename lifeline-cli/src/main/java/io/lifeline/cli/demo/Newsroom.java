package io.lifeline.cli.demo;

import io.lifeline.agents.assemble.AssemblerAgent;
import io.lifeline.agents.chaos.ChaosAgent;
import io.lifeline.agents.chaos.ChaosLog;
import io.lifeline.agents.chaos.ChaosProfile;
import io.lifeline.agents.chaos.Fault;
import io.lifeline.agents.evaluate.EvaluatorAgent;
import io.lifeline.agents.evaluate.HeuristicEvaluator;
import io.lifeline.agents.image.OfflineImageAgent;
import io.lifeline.agents.text.HouseStyle;
import io.lifeline.agents.text.OfflineTextAgent;
import io.lifeline.model.Agent;
import io.lifeline.model.AgentSpec;
import io.lifeline.model.Deadlines;
import io.lifeline.model.QualityGate;
import io.lifeline.model.RetryPolicy;
import io.lifeline.model.Variant;
import io.lifeline.model.Workflow;
import io.lifeline.quality.QualityEvaluator;
import io.lifeline.time.Sleeper;
import io.lifeline.time.Ticker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The demo's newsroom: an outline, a draft streamed and checkpointed from it and judged by a
 * heuristic and by its distance from the house style, an illustration, a review, and the assembled
 * article; and the pool of agents that runs it — three writers on three providers and two models,
 * two illustrators, two critics and an editor — each wrapped in chaos.
 */
final class Newsroom {

  static final String WORKFLOW = "newsroom";

  /** Short deadlines: the offline agents answer in well under a second when nothing goes wrong. */
  private static final Deadlines TEXT = new Deadlines(Duration.ofSeconds(10), Duration.ofSeconds(2));
  private static final Deadlines QUICK = new Deadlines(Duration.ofSeconds(6), Duration.ofSeconds(2));
  private static final RetryPolicy RETRY = new RetryPolicy(6, Duration.ofMillis(200), Duration.ofSeconds(2), 2);

  /** Slower than any deadline above, so an injected slowness is detected as TIMEOUT. */
  private static final Duration SLOWNESS = Duration.ofSeconds(15);

  /** Both must pass a draft: the heuristic (length, repetition, refusals, language) and the house style. */
  private static final QualityGate DRAFT_GATE = new QualityGate(List.of("draft-check", "draft-style"), 0.3, 2);

  private final ChaosLog log = new ChaosLog();
  private final boolean forceEveryKind;
  private final List<Agent> agents = new ArrayList<>();
  private final List<QualityEvaluator> evaluators = List.of(
      new HeuristicEvaluator("outline-check", 10, 300), new HeuristicEvaluator("draft-check", 80, 4000),
      HouseStyle.judge("draft-style"));

  Newsroom(long seed, String chaos, Path articles, Ticker ticker) {
    ChaosProfile profile = chaos.equals("none") ? ChaosProfile.none()
        : ChaosProfile.parse(chaos).withSeed(seed).withSlowness(SLOWNESS);
    // Forced faults make the demo profile show every kind; a profile built on 'none' injects only what it names.
    forceEveryKind = chaos.strip().startsWith("demo");
    var sleeper = Sleeper.system();
    // Every writer composes from the same seed, so any of them can resume another's checkpoint.
    add(writer("writer-a", "alpha", "quill-small", 1, seed, sleeper), profile, 1, Map.of(3L, Fault.HANG, 9L, Fault.LOW_QUALITY), ticker);
    add(writer("writer-b", "beta", "quill-large", 3, seed, sleeper), profile, 2,
        Map.of(4L, Fault.TRANSIENT, 7L, Fault.EMPTY, 10L, Fault.DRIFT), ticker);
    add(writer("writer-c", "gamma", "quill-small", 1, seed, sleeper), profile, 3, Map.of(5L, Fault.CRASH, 11L, Fault.SLOW), ticker);
    add(new OfflineImageAgent(spec("painter-a", "image", "canvas", "easel-1", 2, 2), seed, OfflineImageAgent.DEFAULT_LAYER_DELAY, sleeper),
        profile, 4, Map.of(3L, Fault.OOM, 6L, Fault.RATE_LIMITED), ticker);
    add(new OfflineImageAgent(spec("painter-b", "image", "palette", "easel-2", 2, 2), seed, OfflineImageAgent.DEFAULT_LAYER_DELAY, sleeper),
        profile, 5, Map.of(), ticker);
    add(new EvaluatorAgent(spec("critic-a", "evaluator", "judges", "heuristic", 0, 4), evaluators.get(1)), profile, 6,
        Map.of(5L, Fault.STALL), ticker);
    add(new EvaluatorAgent(spec("critic-b", "evaluator", "judges", "heuristic", 0, 4), evaluators.get(1)), profile, 7, Map.of(), ticker);
    agents.add(new AssemblerAgent(spec("editor", "assembler", "local", "markdown", 0, 4), articles));
  }

  static Workflow workflow() {
    return Workflow.builder(WORKFLOW)
        .input("topic")
        .step("outline", s -> s.kind("text").params(Map.of("mode", "outline"))
            .prompt("Outline an article about {{topic}}")
            .deadlines(TEXT).retry(RETRY).quality(new QualityGate("outline-check", 0.3)))
        .step("draft", s -> s.kind("text").after("outline").params(Map.of("mode", "draft"))
            .prompt("Write an article about {{topic}} from this outline:\n{{outline}}")
            .deadlines(TEXT).retry(RETRY).quality(DRAFT_GATE))
        .step("illustration", s -> s.kind("image").after("outline").prompt("{{topic}}")
            .params(Map.of("width", "512", "height", "320"))
            .fallbacks(List.of(new Variant("small", Map.of(), Map.of("size", "small"), "")))
            .deadlines(QUICK).retry(RETRY))
        .step("review", s -> s.kind("evaluator").after("draft").prompt("{{topic}}").deadlines(QUICK).retry(RETRY))
        .step("assemble", s -> s.kind("assembler").after("draft", "illustration", "review")
            .deadlines(QUICK).retry(RETRY))
        .build();
  }

  List<Agent> agents() {
    return agents;
  }

  List<QualityEvaluator> evaluators() {
    return evaluators;
  }

  ChaosLog chaosLog() {
    return log;
  }

  /**
   * Wraps an agent in chaos with its own seed; {@code forced} guarantees that a run of a profile
   * built on {@code demo} injects every fault kind at least once (the Nth attempt an agent runs
   * gets that fault).
   */
  private void add(Agent agent, ChaosProfile profile, int salt, Map<Long, Fault> forced, Ticker ticker) {
    if (profile.equals(ChaosProfile.none())) {
      agents.add(agent);
      return;
    }
    var own = profile.withSeed(profile.seed() * 31 + salt);
    Map<Long, Fault> forcing = forceEveryKind ? forced : Map.of();
    for (var force : forcing.entrySet()) {
      own = own.forcing(force.getKey(), force.getValue());
    }
    agents.add(new ChaosAgent(agent, own, log, ticker, Sleeper.system()));
  }

  private static OfflineTextAgent writer(String id, String provider, String model, double cost, long seed, Sleeper sleeper) {
    return new OfflineTextAgent(spec(id, "text", provider, model, cost, 4), seed, OfflineTextAgent.DEFAULT_CHUNK_DELAY, sleeper);
  }

  private static AgentSpec spec(String id, String kind, String provider, String model, double cost, int slots) {
    return new AgentSpec(id, kind, Map.of("provider", provider, "model", model), cost, slots);
  }
}
