package io.lifeline.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeline.detect.FixedTimeoutConfig;
import io.lifeline.detect.FixedTimeoutDetector;
import io.lifeline.detect.Health;
import io.lifeline.model.AgentSpec;
import io.lifeline.model.StepSpec;
import io.lifeline.recovery.AgentView;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AgentPoolTest {

  private final AgentPool pool = new AgentPool();

  private AgentRun agent(String id, String provider, double cost, int slots, int running) {
    var spec = AgentSpec.of(id, "text").withCapability("provider", provider).withCost(cost).withConcurrency(slots);
    var agent = new AgentRun(spec, 1, new FixedTimeoutDetector(FixedTimeoutConfig.DEFAULT));
    agent.running = running;
    pool.put(agent);
    return agent;
  }

  private static final StepSpec STEP = StepSpec.builder("draft").kind("text").build();

  private AgentPool.Choice choose(Set<String> excluded, Set<String> failed, boolean frugal) {
    return pool.choose(STEP, 0, excluded, failed, frugal);
  }

  @Test
  void choosesTheLeastLoadedFreshAgentOrTheCheapestWhenFrugal() {
    agent("cheap-busy", "p1", 1, 4, 3);
    agent("dear-idle", "p2", 5, 4, 0);

    assertThat(choose(Set.of(), Set.of(), false).fresh().id()).isEqualTo("dear-idle");
    assertThat(choose(Set.of(), Set.of(), true).fresh().id()).isEqualTo("cheap-busy");
  }

  @Test
  void pricesAnAttemptWithTheTokenPriceAtTheStepsMaxTokens() {
    agent("per-call", "p1", 1, 4, 0);
    pool.put(new AgentRun(AgentSpec.of("per-token", "text").withCapability("provider", "p2")
        .withCostPerToken(0.01).withConcurrency(4), 1, new FixedTimeoutDetector(FixedTimeoutConfig.DEFAULT)));
    var shortStep = StepSpec.builder("title").kind("text").params(Map.of("maxTokens", "50")).build();

    // 1 against 0.01 × 1,000 (the default expectation) = 10; against 0.01 × 50 = 0.5
    assertThat(pool.choose(STEP, 0, Set.of(), Set.of(), true).fresh().id()).isEqualTo("per-call");
    assertThat(pool.choose(shortStep, 0, Set.of(), Set.of(), true).fresh().id()).isEqualTo("per-token");
    // Equally loaded, the cheaper one wins without frugality too.
    assertThat(pool.choose(shortStep, 0, Set.of(), Set.of(), false).fresh().id()).isEqualTo("per-token");
  }

  @Test
  void offersAnAgentThatFailedTheStepOnlyBesideTheFreshOnesAndSaysWhenAFreshOneIsMerelyBusy() {
    agent("failed", "p1", 1, 1, 0);
    agent("fresh-full", "p2", 1, 1, 1);

    var choice = choose(Set.of(), Set.of("failed"), false);

    assertThat(choice.fresh()).isNull();
    assertThat(choice.failedBefore().id()).isEqualTo("failed");
    assertThat(choice.freshBusy()).isTrue();
  }

  @Test
  void skipsExcludedUnhealthyAndCoolingAgentsUntilTheCoolDownEnds() {
    agent("excluded", "p1", 1, 1, 0);
    agent("suspect", "p2", 1, 1, 0).health = Health.SUSPECT;
    agent("cooling", "p3", 1, 1, 0);
    pool.cool("p3", 1_000);
    pool.cool("p3", 500); // a shorter cool-down does not cut the longer one

    assertThat(choose(Set.of("excluded"), Set.of(), false).fresh()).isNull();
    assertThat(pool.hasCapacity("text", Map.of())).isTrue(); // 'excluded' could take other steps
    pool.endCoolDowns(999);
    assertThat(pool.views()).filteredOn(view -> view.spec().id().equals("cooling"))
        .singleElement().extracting(AgentView::providerCooling).isEqualTo(true);
    pool.endCoolDowns(1_000);
    assertThat(choose(Set.of("excluded"), Set.of(), false).fresh().id()).isEqualTo("cooling");
    assertThat(pool.coolDownEnds()).isEmpty();
  }

  @Test
  void countsFreeSlotsOfUsableAgentsByKind() {
    agent("a", "p1", 1, 4, 1);
    agent("b", "p2", 1, 2, 0);
    agent("down", "p3", 1, 8, 0).health = Health.DEAD;

    assertThat(pool.freeSlotsByKind()).containsExactly(Map.entry("text", 5));
  }
}
