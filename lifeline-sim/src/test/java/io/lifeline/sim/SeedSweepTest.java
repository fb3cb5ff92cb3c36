package io.lifeline.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The CI seed suite: the real coordinator under a thousand seeded fault schedules, cycling through
 * every scenario. A failure names the seed; `lifeline simulate --seed S --scenario X --trace F`
 * replays it.
 */
class SeedSweepTest {

  @Test
  @org.junit.jupiter.api.Timeout(value = 6, unit = java.util.concurrent.TimeUnit.MINUTES)
  void aThousandSeedsOfLifelineViolateNothing() {
    var outcome = SeedSweep.run(1, 1000, "all", Policy.LIFELINE);
    assertThat(outcome.failures()).as(describe(outcome)).isEmpty();
  }

  @Test
  void theBaselineKeepsTheSafetyInvariantsToo() {
    // The seed article's policy is slower and wasteful, but the engine's fencing, bounds and
    // durability still hold under it (I6 and I5 are Lifeline's policy and are not checked here).
    var outcome = SeedSweep.run(5000, 150, "all", Policy.BASELINE);
    assertThat(outcome.failures()).as(describe(outcome)).isEmpty();
  }

  private static String describe(SeedSweep.Outcome outcome) {
    var text = new StringBuilder();
    outcome.failures().stream().limit(5).forEach(f -> text.append("seed ").append(f.seed())
        .append(" (").append(f.scenario()).append("): ").append(f.violations().getFirst())
        .append("\n  replay: lifeline simulate --seed ").append(f.seed()).append(" --scenario ")
        .append(f.scenario()).append(" --trace trace.txt\n"));
    return text.toString();
  }
}
