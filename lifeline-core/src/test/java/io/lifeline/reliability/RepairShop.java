package io.lifeline.reliability;

import java.util.ArrayDeque;
import java.util.SplittableRandom;

/**
 * A simulation of {@code n} agents that fail and get repaired, agent by agent rather than as the
 * birth–death chain, so that it checks the chain's derivation instead of repeating it: each up
 * agent fails after an exponential time, a failed agent takes a free repair crew or waits its turn
 * (first come, first served), a repair takes an exponential time. Times in seconds.
 */
final class RepairShop {

  private final double mtbf;
  private final double mttr;
  private final int crews;
  private final SplittableRandom random;
  private final double[] eventAt; // failure if up, end of repair if in repair, ∞ if waiting
  private final boolean[] up;
  private final ArrayDeque<Integer> waiting = new ArrayDeque<>();
  private int inRepair;
  private int upCount;

  RepairShop(int n, double mtbf, double mttr, int crews, SplittableRandom random) {
    this.mtbf = mtbf;
    this.mttr = mttr;
    this.crews = crews;
    this.random = random;
    this.eventAt = new double[n];
    this.up = new boolean[n];
    for (int i = 0; i < n; i++) {
      up[i] = true;
      eventAt[i] = random.nextExponential() * mtbf;
    }
    upCount = n;
  }

  int upCount() {
    return upCount;
  }

  /** When the next failure or repair happens. */
  double nextEventAt() {
    return eventAt[next()];
  }

  /** Lets the next failure or repair happen. */
  void step() {
    int i = next();
    double now = eventAt[i];
    if (up[i]) {
      up[i] = false;
      upCount--;
      if (inRepair < crews) {
        inRepair++;
        eventAt[i] = now + random.nextExponential() * mttr;
      } else {
        waiting.add(i);
        eventAt[i] = Double.POSITIVE_INFINITY;
      }
    } else {
      up[i] = true;
      upCount++;
      eventAt[i] = now + random.nextExponential() * mtbf;
      Integer queued = waiting.poll();
      if (queued == null) {
        inRepair--;
      } else {
        eventAt[queued] = now + random.nextExponential() * mttr;
      }
    }
  }

  private int next() {
    int best = 0;
    for (int i = 1; i < eventAt.length; i++) {
      if (eventAt[i] < eventAt[best]) {
        best = i;
      }
    }
    return best;
  }
}
