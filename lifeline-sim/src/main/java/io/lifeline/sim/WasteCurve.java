package io.lifeline.sim;

import io.lifeline.reliability.CheckpointIntervals;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Waste against checkpoint interval: at each interval of a grid, the mean waste (completion time
 * − W) of {@link CheckpointIntervalExperiment} runs over the same seeds, beside
 * {@link CheckpointModel}'s expected waste and the Young and Daly intervals.
 *
 * @param model the parameters every run shares
 * @param firstSeed the first seed of every interval's runs
 * @param seeds runs per interval
 * @param points one per interval of the grid, in grid order
 * @param young Young's interval √(2δM)
 * @param daly Daly's higher-order interval
 * @param modelOptimum where the model's expected waste is least (to the second)
 */
public record WasteCurve(CheckpointModel model, long firstSeed, int seeds, List<Point> points,
    Duration young, Duration daly, Duration modelOptimum) {

  /**
   * One interval's figures.
   *
   * @param meanWaste mean over the seeds of completion time − W
   * @param standardError of that mean (sample standard deviation / √seeds)
   * @param expectedWaste the model's
   */
  public record Point(Duration interval, Duration meanWaste, Duration standardError, Duration expectedWaste) {}

  /**
   * 1–60 min: every 30 s around the default model's optimum (about 4 min), where the curve is flat
   * and a minimum needs fine steps to be seen, then ever coarser steps up the steep side.
   */
  public static final List<Duration> DEFAULT_GRID = minutes(
      1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5, 6, 7, 8, 10, 12, 15, 20, 30, 40, 60);

  public WasteCurve {
    points = List.copyOf(points);
    if (points.isEmpty()) {
      throw new IllegalArgumentException("points must not be empty");
    }
  }

  /**
   * Runs {@code seeds} seeds from {@code firstSeed} at every interval of {@code grid}. Intervals
   * run in parallel; the result does not depend on it.
   */
  public static WasteCurve measure(CheckpointModel model, List<Duration> grid, long firstSeed, int seeds) {
    if (seeds < 2) {
      throw new IllegalArgumentException("seeds must be >= 2 for a standard error, was " + seeds);
    }
    var points = IntStream.range(0, grid.size()).parallel()
        .mapToObj(i -> measure(model, grid.get(i), firstSeed, seeds))
        .toList();
    return new WasteCurve(model, firstSeed, seeds, points,
        CheckpointIntervals.young(model.checkpointCost(), model.mtbf()),
        CheckpointIntervals.daly(model.checkpointCost(), model.mtbf()),
        model.optimalInterval());
  }

  private static Point measure(CheckpointModel model, Duration interval, long firstSeed, int seeds) {
    double work = CheckpointModel.seconds(model.work());
    double sum = 0;
    double sumOfSquares = 0;
    for (int i = 0; i < seeds; i++) {
      double waste = CheckpointModel.seconds(
          CheckpointIntervalExperiment.completionTime(model, interval, firstSeed + i)) - work;
      sum += waste;
      sumOfSquares += waste * waste;
    }
    double mean = sum / seeds;
    double variance = Math.max(0, (sumOfSquares - seeds * mean * mean) / (seeds - 1));
    return new Point(interval, ofSeconds(mean), ofSeconds(Math.sqrt(variance / seeds)),
        model.expectedWaste(interval));
  }

  /** The grid point of least mean simulated waste. */
  public Point simulatedMinimum() {
    return points.stream().min(Comparator.comparing(Point::meanWaste)).orElseThrow();
  }

  private static List<Duration> minutes(double... values) {
    var grid = new ArrayList<Duration>();
    for (double m : values) {
      grid.add(ofSeconds(m * 60));
    }
    return List.copyOf(grid);
  }

  private static Duration ofSeconds(double seconds) {
    return Duration.ofNanos(Math.round(seconds * 1e9));
  }
}
