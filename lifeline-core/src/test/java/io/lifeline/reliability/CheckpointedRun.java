package io.lifeline.reliability;

import java.util.SplittableRandom;

/**
 * One simulated run of a {@link CheckpointedWork}, failure by failure: exponential times to
 * failure, a failed segment restarts after the restart cost, at most {@code maxAttempts} attempts
 * for the whole step or for each segment. Times in seconds. Written from the model's description,
 * not from the formulas, so the tests compare two independent routes.
 */
record CheckpointedRun(boolean finished, double time, int failures) {

  /** No limit on attempts. */
  static CheckpointedRun simulate(CheckpointedWork work, SplittableRandom random) {
    return simulate(work, Integer.MAX_VALUE, false, random);
  }

  static CheckpointedRun simulate(
      CheckpointedWork work, int maxAttempts, boolean perSegment, SplittableRandom random) {
    double interval = MonteCarlo.seconds(work.interval());
    double checkpoint = MonteCarlo.seconds(work.checkpointCost());
    double mtbf = MonteCarlo.seconds(work.mtbf());
    double restart = MonteCarlo.seconds(work.restartCost());
    double left = MonteCarlo.seconds(work.work());
    double time = 0;
    int failures = 0;
    while (left > 0) {
      boolean last = left <= interval;
      double length = last ? left : interval + checkpoint;
      int attempts = 0;
      while (true) {
        attempts++;
        double failure = random.nextExponential() * mtbf;
        if (failure >= length) {
          time += length;
          break;
        }
        time += failure + restart;
        failures++;
        // Each failure used up one attempt: of the segment, or of the whole step.
        if ((perSegment ? attempts : failures) >= maxAttempts) {
          return new CheckpointedRun(false, time, failures);
        }
      }
      left -= last ? left : interval;
    }
    return new CheckpointedRun(true, time, failures);
  }
}
