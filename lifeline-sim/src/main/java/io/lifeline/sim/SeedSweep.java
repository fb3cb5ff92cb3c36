package io.lifeline.sim;

import java.util.ArrayList;
import java.util.List;

/** Runs many seeds of a scenario and collects the ones that violate an invariant. */
public final class SeedSweep {

  /** One failing seed with its first violations. */
  public record Failure(long seed, String scenario, List<String> violations) {}

  /** The outcome of a sweep. */
  public record Outcome(int seeds, List<Failure> failures, long virtualNanos) {
    public int violations() {
      return failures.stream().mapToInt(f -> f.violations().size()).sum();
    }
  }

  private SeedSweep() {}

  /** Seeds {@code first}, {@code first + 1}, …; scenario "all" cycles through every named scenario. */
  public static Outcome run(long first, int seeds, String scenario, Policy policy) {
    var failures = new ArrayList<Failure>();
    long virtual = 0;
    for (int i = 0; i < seeds; i++) {
      long seed = first + i;
      String name = scenarioOf(scenario, i);
      var result = Simulation.run(seed, Scenario.named(name), policy);
      virtual += result.endNanos();
      var violations = InvariantChecker.check(result);
      if (!violations.isEmpty()) {
        failures.add(new Failure(seed, name, violations));
      }
    }
    return new Outcome(seeds, failures, virtual);
  }

  /** The scenario of the {@code i}-th seed of a sweep: {@code scenario}, or for "all" each named one in turn. */
  public static String scenarioOf(String scenario, int i) {
    return scenario.equals("all") ? Scenario.NAMES.get(i % Scenario.NAMES.size()) : scenario;
  }
}
