package io.lifeline.reliability;

import io.lifeline.reliability.WorkflowReliability.Estimate;
import io.lifeline.reliability.WorkflowReliability.Method;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The probability that every requirement (a set of agents, one per step) has at least one agent
 * up, agents up independently with their own probabilities. An agent in several requirements is
 * one component, so the steps are correlated through it; multiplying per-step probabilities would
 * be wrong (too low when steps share agents).
 *
 * <p>How: first the requirements are reduced to the minimal distinct ones (if step A's agents are
 * a subset of step B's, B is covered whenever A is), and agents in none of them are dropped. Then
 * the cheapest exact method that fits, else a seeded Monte-Carlo estimate:
 *
 * <ol>
 *   <li><i>At most {@value #EXACT_LIMIT} requirements:</i> dynamic programming over which of them
 *       are covered. Agent by agent, the probability of each covered-set {@code c} splits into
 *       {@code c} (agent down) and {@code c ∪ served(agent)} (up). O(agents·2^requirements).
 *   <li><i>At most {@value #EXACT_LIMIT} agents:</i> every up/down combination of the agents,
 *       depth first. O(2^agents·requirements).
 *   <li><i>Otherwise:</i> {@value #SAMPLES} samples from a generator seeded with
 *       {@value #SEED}, so the same input gives the same answer; the standard error comes with it.
 * </ol>
 */
final class CoverageProbability {

  /** 2^20 states: 8 MB of doubles and about a million operations per agent. */
  static final int EXACT_LIMIT = 20;

  /** Standard error at most 0.0011 (at p = 0.5), about 0.0002 at p = 0.99. */
  static final int SAMPLES = 200_000;

  /** Any fixed value: the estimate must not change from one run to the next. */
  static final long SEED = 20_240_611L;

  private CoverageProbability() {}

  static Estimate of(List<BitSet> requirements, double[] up) {
    List<BitSet> minimal = minimal(requirements);
    for (BitSet requirement : minimal) {
      if (requirement.isEmpty()) {
        return new Estimate(0, Method.EXACT, 0);
      }
    }
    BitSet involved = new BitSet();
    minimal.forEach(involved::or);
    int[] agents = involved.stream().toArray();
    if (minimal.size() <= EXACT_LIMIT) {
      return new Estimate(byCoveredSets(minimal, agents, up), Method.EXACT, 0);
    }
    if (agents.length <= EXACT_LIMIT) {
      return new Estimate(byEnumeration(minimal, agents, up), Method.EXACT, 0);
    }
    return monteCarlo(minimal, agents, up);
  }

  /** Distinct requirements of which no other is a proper subset, in first-seen order. */
  static List<BitSet> minimal(List<BitSet> requirements) {
    var result = new ArrayList<BitSet>();
    for (int i = 0; i < requirements.size(); i++) {
      BitSet candidate = requirements.get(i);
      boolean redundant = false;
      for (int j = 0; j < requirements.size() && !redundant; j++) {
        BitSet other = requirements.get(j);
        boolean subset = isSubset(other, candidate);
        // A proper subset makes the candidate redundant; of equal sets only the first is kept.
        redundant = subset && (!other.equals(candidate) || j < i);
      }
      if (!redundant) {
        result.add(candidate);
      }
    }
    return result;
  }

  private static boolean isSubset(BitSet small, BitSet large) {
    BitSet rest = (BitSet) small.clone();
    rest.andNot(large);
    return rest.isEmpty();
  }

  static double byCoveredSets(List<BitSet> minimal, int[] agents, double[] up) {
    int all = (1 << minimal.size()) - 1;
    double[] covered = new double[all + 1];
    covered[0] = 1;
    for (int agent : agents) {
      int serves = served(minimal, agent);
      double p = up[agent];
      double[] next = new double[all + 1];
      for (int c = 0; c <= all; c++) {
        if (covered[c] != 0) {
          next[c] += covered[c] * (1 - p);
          next[c | serves] += covered[c] * p;
        }
      }
      covered = next;
    }
    return Math.min(1, covered[all]);
  }

  private static int served(List<BitSet> minimal, int agent) {
    int mask = 0;
    for (int r = 0; r < minimal.size(); r++) {
      if (minimal.get(r).get(agent)) {
        mask |= 1 << r;
      }
    }
    return mask;
  }

  static double byEnumeration(List<BitSet> minimal, int[] agents, double[] up) {
    return Math.min(1, enumerate(minimal, agents, up, 0, new BitSet(), 1));
  }

  private static double enumerate(
      List<BitSet> minimal, int[] agents, double[] up, int next, BitSet upSoFar, double probability) {
    if (probability == 0) {
      return 0;
    }
    if (next == agents.length) {
      for (BitSet requirement : minimal) {
        if (!requirement.intersects(upSoFar)) {
          return 0;
        }
      }
      return probability;
    }
    int agent = agents[next];
    double down = enumerate(minimal, agents, up, next + 1, upSoFar, probability * (1 - up[agent]));
    upSoFar.set(agent);
    double upToo = enumerate(minimal, agents, up, next + 1, upSoFar, probability * up[agent]);
    upSoFar.clear(agent);
    return down + upToo;
  }

  private static Estimate monteCarlo(List<BitSet> minimal, int[] agents, double[] up) {
    var random = new SplittableRandom(SEED);
    var upNow = new BitSet();
    int covered = 0;
    for (int i = 0; i < SAMPLES; i++) {
      upNow.clear();
      for (int agent : agents) {
        if (random.nextDouble() < up[agent]) {
          upNow.set(agent);
        }
      }
      boolean all = true;
      for (int r = 0; r < minimal.size() && all; r++) {
        all = minimal.get(r).intersects(upNow);
      }
      covered += all ? 1 : 0;
    }
    double p = (double) covered / SAMPLES;
    return new Estimate(p, Method.MONTE_CARLO, Math.sqrt(p * (1 - p) / SAMPLES));
  }
}
