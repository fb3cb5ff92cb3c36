package io.lifeline.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeline.detect.Health;
import io.lifeline.model.AgentSpec;
import io.lifeline.model.Failure;
import io.lifeline.model.FailureKind;
import io.lifeline.model.StepSpec;
import io.lifeline.model.Variant;
import io.lifeline.recovery.RecoveryDecision.DeadLetter;
import io.lifeline.recovery.RecoveryDecision.Fallback;
import io.lifeline.recovery.RecoveryDecision.Replace;
import io.lifeline.recovery.RecoveryDecision.Retry;
import io.lifeline.recovery.RecoveryDecision.Wait;
import io.lifeline.store.AttemptRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The planner's choices when the job is low on budget (issue 4, item 5). */
class RecoveryPlannerTest {

  private static final StepSpec DRAFT = StepSpec.builder("draft").kind("text").build();

  /** A step whose fallback asks for a tenth of the tokens, so per-token agents run it cheaper. */
  private static final StepSpec WITH_SHORT = StepSpec.builder("draft").kind("text")
      .params(Map.of("maxTokens", "1000"))
      .fallbacks(List.of(new Variant("short", Map.of(), Map.of("maxTokens", "100"), "")))
      .build();

  private static AgentView agent(String id, double perCall, double perToken, int running) {
    var spec = new AgentSpec(id, "text", Map.of("provider", id, "model", id), perCall, perToken, 4);
    return new AgentView(spec, Health.HEALTHY, running, false);
  }

  private static FailedAttempt failed(StepSpec step, String agentId, FailureKind kind, boolean budgetLow,
      AttemptRecord... earlier) {
    var history = new ArrayList<>(List.of(earlier));
    history.add(new AttemptRecord(history.size() + 1, agentId, 0, Optional.of(kind)));
    return new FailedAttempt(step, 0, agentId, Failure.of(kind, "boom"), history, history.size(), 10, budgetLow);
  }

  private static RecoveryDecision decide(FailedAttempt failed, List<AgentView> pool) {
    return RecoveryPlanner.decide(failed, pool, new SplittableRandom(7));
  }

  /**
   * Found by the simulator (mixed seed 55): a hedged attempt lost in an engine restart is in no
   * history, yet it ran; counting the history let the step start one attempt past its limit (I4).
   */
  @Test
  void attemptsLostInARestartCountAgainstTheStepsLimit() {
    var threeAttempts = StepSpec.builder("draft").kind("text").retry(io.lifeline.model.RetryPolicy.DEFAULT.withRetries(2)).build();
    var pool = List.of(agent("a", 0, 0, 0), agent("b", 0, 0, 0));
    var history = List.of(new AttemptRecord(2, "a", 0, Optional.of(FailureKind.TRANSIENT)),
        new AttemptRecord(3, "b", 0, Optional.of(FailureKind.TRANSIENT)));
    var afterRestart = new FailedAttempt(threeAttempts, 0, "b", Failure.of(FailureKind.TRANSIENT, "503"), history,
        /* attemptsStarted= */ 3, 10, false);

    assertThat(decide(afterRestart, pool)).isInstanceOfSatisfying(RecoveryDecision.DeadLetter.class,
        d -> assertThat(d.reason()).startsWith("step 'draft' used 3 of 3 attempts"));
    var countedByHistory = new FailedAttempt(threeAttempts, 0, "b", Failure.of(FailureKind.TRANSIENT, "503"), history,
        /* attemptsStarted= */ 2, 10, false);
    assertThat(decide(countedByHistory, pool)).isNotInstanceOf(RecoveryDecision.DeadLetter.class);
  }

  private static AgentView on(String id, String model, String quotaGroup, Health health) {
    var spec = new AgentSpec(id, "text", Map.of("provider", "openai", "model", model, "quotaGroup", quotaGroup), 0, 4);
    return new AgentView(spec, health, 0, false);
  }

  @Test
  void aRejectedOutputMovesToAnotherModelBeforeAnotherAgentOfTheSameModel() {
    // 'twin' runs the rejected model elsewhere: idle and first by id, yet a second opinion of the same model.
    var pool = List.of(on("writer", "gpt", "api.openai.com:443", Health.HEALTHY),
        on("twin", "gpt", "eu.openai.com:443", Health.HEALTHY),
        new AgentView(on("other", "llama", "api.groq.com:443", Health.HEALTHY).spec(), Health.HEALTHY, 3, false));

    for (var kind : List.of(FailureKind.LOW_QUALITY, FailureKind.DRIFT)) {
      assertThat(decide(failed(DRAFT, "writer", kind, false), pool)).isEqualTo(new Replace("other"));
    }
    // Once the other model was rejected too, another agent of a rejected model is still better than nothing.
    var secondRejection = failed(DRAFT, "other", FailureKind.LOW_QUALITY, false,
        new AttemptRecord(1, "writer", 0, Optional.of(FailureKind.LOW_QUALITY)));
    assertThat(decide(secondRejection, pool)).isEqualTo(new Replace("twin"));
  }

  @Test
  void aRejectedOutputPrefersAnAgentThatFailedTheStepForAnotherReasonOverTheRejectedModel() {
    var pool = List.of(on("writer", "gpt", "a:443", Health.HEALTHY), on("twin", "gpt", "b:443", Health.HEALTHY),
        on("slow", "llama", "c:443", Health.HEALTHY));
    var history = new AttemptRecord(1, "slow", 0, Optional.of(FailureKind.TIMEOUT));

    assertThat(decide(failed(DRAFT, "writer", FailureKind.LOW_QUALITY, false, history), pool))
        .isEqualTo(new Replace("slow"));
  }

  /**
   * Was: a single agent whose output the gate rejected was asked again, with the same prompt, until
   * the step's attempts ran out; the same model tends to write the same text.
   */
  @Test
  void aRejectedOutputIsNeverReaskedOfTheSameAgentWithTheSamePrompt() {
    var alone = List.of(on("writer", "gpt", "a:443", Health.HEALTHY));

    assertThat(decide(failed(DRAFT, "writer", FailureKind.LOW_QUALITY, false), alone))
        .isInstanceOfSatisfying(DeadLetter.class, d -> assertThat(d.reason())
            .startsWith("LOW_QUALITY: no other agent, model or fallback variant can run step 'draft' (rejected: writer;")
            .endsWith("last: boom"));
    // A fallback variant is another prompt: the same agent may run it.
    var withVariant = StepSpec.builder("draft").kind("text")
        .fallbacks(List.of(new Variant("plain", Map.of(), Map.of(), "Say it plainly"))).build();
    assertThat(decide(failed(withVariant, "writer", FailureKind.DRIFT, false), alone)).isEqualTo(new Fallback(1, "writer"));
  }

  @Test
  void aRejectedOutputWaitsForAnotherAgentThatIsUnusableForNow() {
    // Found by the demo: writers declared dead after a crash rejoin seconds later, so a rejected
    // outline was dead-lettered while two other writers were restarting.
    var suspect = List.of(on("writer", "gpt", "a:443", Health.HEALTHY), on("paused", "llama", "b:443", Health.SUSPECT));
    var dead = List.of(on("writer", "gpt", "a:443", Health.HEALTHY), on("restarting", "llama", "b:443", Health.DEAD));

    assertThat(decide(failed(DRAFT, "writer", FailureKind.LOW_QUALITY, false), suspect))
        .isInstanceOfSatisfying(Wait.class, w -> assertThat(w.why()).contains("waiting for paused"));
    assertThat(decide(failed(DRAFT, "writer", FailureKind.LOW_QUALITY, false), dead))
        .isInstanceOfSatisfying(Wait.class, w -> assertThat(w.why()).contains("waiting for restarting"));
  }

  @Test
  void anotherProviderForUnsafeOutputIsAnotherEndpointNotAnotherApiDialect() {
    // All three speak OpenAI's API; 'mini' shares the refusing endpoint, 'groq' is another provider.
    var pool = List.of(on("gpt", "gpt-4o", "api.openai.com:443", Health.HEALTHY),
        on("mini", "gpt-4o-mini", "api.openai.com:443", Health.HEALTHY),
        new AgentView(on("groq", "llama", "api.groq.com:443", Health.HEALTHY).spec(), Health.HEALTHY, 2, false));

    for (var kind : List.of(FailureKind.UNSAFE, FailureKind.REFUSED)) {
      assertThat(decide(failed(DRAFT, "gpt", kind, false), pool)).isEqualTo(new Replace("groq"));
    }
  }

  @Test
  void replacesWithTheLeastLoadedAgentOrWithTheBudgetLowTheCheapestCountingItsTokenPrice() {
    // 'dear' is idle and free per call, but 0.01 × 1,000 expected tokens = 10 per attempt; 'cheap' is
    // busier and costs 1 per call.
    var pool = List.of(agent("lost", 0, 0, 0), agent("cheap", 1, 0, 1), agent("dear", 0, 0.01, 0));

    assertThat(decide(failed(DRAFT, "lost", FailureKind.TIMEOUT, false), pool)).isEqualTo(new Replace("dear"));
    assertThat(decide(failed(DRAFT, "lost", FailureKind.TIMEOUT, true), pool)).isEqualTo(new Replace("cheap"));
  }

  @Test
  void withTheBudgetLowARetryMovesToACheaperFallbackVariantAfterTheSameBackoff() {
    var pool = List.of(agent("writer", 0, 0.01, 0));

    var retry = decide(failed(WITH_SHORT, "writer", FailureKind.TRANSIENT, false), pool);
    var frugal = decide(failed(WITH_SHORT, "writer", FailureKind.TRANSIENT, true), pool);

    assertThat(retry).isInstanceOf(Retry.class);
    assertThat(frugal).isEqualTo(new Fallback(1, "writer", ((Retry) retry).delay()));
  }

  @Test
  void withTheBudgetLowAFallbackSkipsToTheFirstVariantThatIsCheaper() {
    var step = StepSpec.builder("cover").kind("text").params(Map.of("maxTokens", "1000"))
        .fallbacks(List.of(
            new Variant("same-size", Map.of(), Map.of(), "Draw it plainly"),
            new Variant("small", Map.of(), Map.of("maxTokens", "200"), "")))
        .build();
    var pool = List.of(agent("painter", 0, 0.01, 0));

    assertThat(decide(failed(step, "painter", FailureKind.RESOURCE_EXHAUSTED, false), pool))
        .isEqualTo(new Fallback(1, "painter"));
    assertThat(decide(failed(step, "painter", FailureKind.RESOURCE_EXHAUSTED, true), pool))
        .isEqualTo(new Fallback(2, "painter"));
  }

  @Test
  void aVariantThatIsNotCheaperIsNotTaken() {
    var longer = StepSpec.builder("draft").kind("text")
        .fallbacks(List.of(new Variant("long", Map.of(), Map.of("maxTokens", "5000"), ""))).build();
    var pool = List.of(agent("lost", 0, 0, 0), agent("writer", 0, 0.01, 0));

    assertThat(decide(failed(longer, "lost", FailureKind.AGENT_LOST, true), pool)).isEqualTo(new Replace("writer"));
  }

  @Test
  void aCheaperVariantIsNotRunOnAnAgentThatAlreadyFailedTheStep() {
    // Only 'small' can run the short variant, and it failed the step before; 'big' is the ladder's choice.
    var step = StepSpec.builder("draft").kind("text")
        .fallbacks(List.of(new Variant("short", Map.of("model", "small"), Map.of("maxTokens", "10"), ""))).build();
    var pool = List.of(agent("small", 0, 0.01, 0), agent("big", 50, 0, 0));

    var decision = decide(failed(step, "small", FailureKind.TIMEOUT, true), pool);

    assertThat(decision).isEqualTo(new Replace("big"));
  }

  @Test
  void waitsAndDeadLettersStandWhenTheBudgetIsLow() {
    var pool = List.of(agent("writer", 0, 0.01, 0));

    assertThat(decide(failed(WITH_SHORT, "writer", FailureKind.PERMANENT, true), pool))
        .isInstanceOf(DeadLetter.class);
    assertThat(decide(failed(WITH_SHORT, "writer", FailureKind.RATE_LIMITED, true), pool))
        .isInstanceOf(Wait.class);
  }

  /**
   * Whatever the failure and the pool, a low budget never makes recovery dearer: waits and dead
   * letters are the same, and any attempt it starts is expected to cost at most what it would have.
   */
  @Property(tries = 500)
  void aLowBudgetNeverMakesRecoveryDearer(@ForAll("cases") Case c) {
    var normal = RecoveryPlanner.decide(c.failed(false), c.pool(), new SplittableRandom(c.seed()));
    var frugal = RecoveryPlanner.decide(c.failed(true), c.pool(), new SplittableRandom(c.seed()));

    if (normal instanceof Wait || normal instanceof DeadLetter) {
      assertThat(frugal).isEqualTo(normal);
    } else {
      assertThat(c.cost(frugal)).isLessThanOrEqualTo(c.cost(normal));
    }
  }

  record Case(StepSpec step, List<AgentView> pool, String agentId, FailureKind kind, long seed) {
    FailedAttempt failed(boolean budgetLow) {
      return RecoveryPlannerTest.failed(step, agentId, kind, budgetLow);
    }

    double cost(RecoveryDecision decision) {
      return switch (decision) {
        case Retry r -> cost(0, r.agentId());
        case Replace r -> cost(0, r.agentId());
        case Fallback f -> cost(f.variant(), f.agentId());
        case Wait w -> throw new AssertionError(w);
        case DeadLetter d -> throw new AssertionError(d);
      };
    }

    private double cost(int variant, String agentId) {
      var spec = pool.stream().filter(a -> a.id().equals(agentId)).findFirst().orElseThrow().spec();
      return step.expectedCost(variant, spec);
    }
  }

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<StepSpec> steps = Arbitraries.integers().between(1, 2000).list().ofMaxSize(3).map(caps -> {
      var variants = new ArrayList<Variant>();
      for (int i = 1; i < caps.size(); i++) {
        variants.add(new Variant("v" + i, Map.of(), Map.of("maxTokens", caps.get(i).toString()), ""));
      }
      var params = caps.isEmpty() ? Map.<String, String>of() : Map.of("maxTokens", caps.getFirst().toString());
      return StepSpec.builder("draft").kind("text").params(params).fallbacks(variants).build();
    });
    Arbitrary<AgentView> agents = Combinators.combine(
        Arbitraries.integers().between(0, 5), Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 3),
        Arbitraries.integers().between(0, 3), Arbitraries.of(Health.HEALTHY, Health.HEALTHY, Health.SUSPECT))
        .as((perCall, perMilliToken, running, provider, health) -> new AgentView(new AgentSpec("a", "text",
            Map.of("provider", "p" + provider, "model", "m" + (perCall % 2)), perCall, perMilliToken / 1000.0, 4),
            health, running, false));
    Arbitrary<List<AgentView>> pools = agents.list().ofMinSize(1).ofMaxSize(5).map(RecoveryPlannerTest::named);
    return Combinators.combine(steps, pools, Arbitraries.of(FailureKind.class), Arbitraries.longs())
        .as((step, pool, kind, seed) -> new Case(step, pool, pool.getFirst().id(), kind, seed));
  }

  /** Gives the generated agents distinct ids, keeping the rest of their specs. */
  private static List<AgentView> named(List<AgentView> views) {
    var named = new ArrayList<AgentView>();
    for (int i = 0; i < views.size(); i++) {
      var s = views.get(i).spec();
      named.add(new AgentView(new AgentSpec("a" + i, s.kind(), s.capabilities(), s.costPerCall(), s.costPerToken(),
          s.concurrency()), views.get(i).health(), views.get(i).running(), false));
    }
    return named;
  }
}
