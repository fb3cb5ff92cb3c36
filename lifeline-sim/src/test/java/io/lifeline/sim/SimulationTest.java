package io.lifeline.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SimulationTest {

  @Test
  void theSameSeedGivesTheSameRunByteForByte() {
    for (String scenario : Scenario.NAMES) {
      var first = Simulation.run(42, Scenario.named(scenario), Policy.LIFELINE);
      var second = Simulation.run(42, Scenario.named(scenario), Policy.LIFELINE);
      assertThat(second.traceText()).as(scenario).isEqualTo(first.traceText());
      assertThat(first.trace()).as(scenario).isNotEmpty();
    }
  }

  @Test
  void differentSeedsGiveDifferentRuns() {
    var a = Simulation.run(1, Scenario.named("mixed"), Policy.LIFELINE);
    var b = Simulation.run(2, Scenario.named("mixed"), Policy.LIFELINE);
    assertThat(a.traceText()).isNotEqualTo(b.traceText());
  }

  @Test
  void aCalmRunFinishesEveryJobWithoutViolations() {
    var run = Simulation.run(7, Scenario.named("calm"), Policy.LIFELINE);
    assertThat(InvariantChecker.check(run)).isEmpty();
    assertThat(run.store().countByState()).containsEntry(io.lifeline.store.JobState.SUCCEEDED, 16L);
  }

  /** Mixed seed 55: a hedged attempt lost in a coordinator crash was not counted, and the step started 8 of 7. */
  @Test
  void attemptsLostInACoordinatorCrashStillCountAgainstTheStepsLimit() {
    var run = Simulation.run(55, Scenario.named("mixed"), Policy.LIFELINE);
    assertThat(InvariantChecker.check(run)).isEmpty();
  }

  @Test
  void aFanOutOverVariantsKeepsEveryInvariantAndRunsEveryVariant() {
    // SeedSweepTest covers more seeds; these also show the scenario is not vacuous: every
    // variant's branches succeed, and retries resume their own variant's state.
    var variants = new java.util.TreeSet<String>();
    long resumed = 0;
    for (long seed = 1; seed <= 20; seed++) {
      var run = Simulation.run(seed, Scenario.named(Scenario.FAN_OUT), Policy.LIFELINE);
      assertThat(InvariantChecker.check(run)).as("seed " + seed).isEmpty();
      for (var event : run.committed()) {
        if (event instanceof io.lifeline.event.Event.BranchSucceeded b && b.stepId().equals("write")) {
          variants.add(b.variant());
        } else if (event instanceof io.lifeline.event.Event.AttemptStarted s && s.stepId().equals("write")) {
          resumed += s.resumedSeq() >= 0 ? 1 : 0;
        }
      }
    }
    assertThat(variants).containsExactly("large", "primary", "terse");
    assertThat(resumed).isPositive();
  }

  @Test
  void theInvariantCheckerCatchesAPolicyThatIgnoresTheAttemptLimit() {
    // A checker that cannot fail proves nothing: a recovery policy that retries forever breaks I4.
    var reckless = Policy.LIFELINE.config().withRecovery(
        (failed, pool, random) -> new io.lifeline.recovery.RecoveryDecision.Retry(failed.agentId(), java.time.Duration.ZERO), true);
    var doomed = new Scenario("doomed", 2, 0, 0, 0, 0, 1.0, 0, 0, 0, 0, 0, 0); // every attempt fails
    var run = Simulation.run(3, doomed, reckless, Policy.LIFELINE);
    assertThat(InvariantChecker.check(run)).anySatisfy(v -> assertThat(v).startsWith("I4"));
  }
}
