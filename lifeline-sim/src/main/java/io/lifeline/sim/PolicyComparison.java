package io.lifeline.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Several policies run on the same seeds, hence on the same fault schedules: each run's figures,
 * and the whole first run of each policy (to picture one run in detail).
 *
 * @param scenario a scenario name, or "all" to cycle through them (see {@link SeedSweep#scenarioOf})
 * @param stats per policy, in the order given, one entry per seed
 * @param firstRuns per policy, the run of {@code firstSeed}
 */
public record PolicyComparison(String scenario, long firstSeed, int seeds, Map<Policy, List<RunStats>> stats,
    Map<Policy, SimResult> firstRuns) {

  public PolicyComparison {
    stats = Collections.unmodifiableMap(new LinkedHashMap<>(stats));
    firstRuns = Collections.unmodifiableMap(new LinkedHashMap<>(firstRuns));
  }

  /** Runs seeds {@code firstSeed}, {@code firstSeed + 1}, … under each policy in turn. */
  public static PolicyComparison run(long firstSeed, int seeds, String scenario, List<Policy> policies) {
    if (seeds < 1) {
      throw new IllegalArgumentException("seeds must be >= 1, was " + seeds);
    }
    var stats = new LinkedHashMap<Policy, List<RunStats>>();
    var firstRuns = new LinkedHashMap<Policy, SimResult>();
    for (var policy : policies) {
      var runs = new ArrayList<RunStats>();
      for (int i = 0; i < seeds; i++) {
        var result = Simulation.run(firstSeed + i, Scenario.named(SeedSweep.scenarioOf(scenario, i)), policy);
        if (i == 0) {
          firstRuns.put(policy, result); // only this one is kept whole: a run holds its store and trace
        }
        runs.add(RunStats.of(result));
      }
      stats.put(policy, List.copyOf(runs));
    }
    return new PolicyComparison(scenario, firstSeed, seeds, stats, firstRuns);
  }

  /** Per policy, {@link RunStats#means} of its runs. */
  public Map<Policy, Map<String, Double>> means() {
    var means = new LinkedHashMap<Policy, Map<String, Double>>();
    stats.forEach((policy, runs) -> means.put(policy, RunStats.means(runs)));
    return Collections.unmodifiableMap(means);
  }
}
