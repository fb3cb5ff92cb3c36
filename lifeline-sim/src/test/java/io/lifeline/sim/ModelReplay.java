package io.lifeline.sim;

import java.util.SplittableRandom;

/**
 * {@link CheckpointModel} played out in plain arithmetic, without the engine: a second, independent
 * account of the model for the tests. It draws the crashes exactly as
 * {@link CheckpointIntervalExperiment} does (exponential up-times, in nanoseconds, from the seed),
 * so the two must agree seed by seed.
 */
final class ModelReplay {

  private ModelReplay() {}

  /** Completion time in seconds with checkpoints every {@code interval} seconds. */
  static double completionSeconds(CheckpointModel model, double interval, long seed) {
    var random = new SplittableRandom(seed);
    double mtbf = CheckpointModel.seconds(model.mtbf());
    double work = CheckpointModel.seconds(model.work());
    double cost = CheckpointModel.seconds(model.checkpointCost());
    double restart = CheckpointModel.seconds(model.restart());
    double now = 0;
    double saved = 0;
    double crash = upTime(random, mtbf);
    while (true) {
      boolean last = work - saved <= interval;
      double segment = last ? work - saved : interval + cost;
      if (now + segment <= crash) {
        now += segment;
        if (last) {
          return now;
        }
        saved += interval;
      } else {
        now = crash + restart;
        crash = now + upTime(random, mtbf);
      }
    }
  }

  private static double upTime(SplittableRandom random, double mtbf) {
    return Math.round(-Math.log1p(-random.nextDouble()) * mtbf * 1e9) / 1e9;
  }
}
