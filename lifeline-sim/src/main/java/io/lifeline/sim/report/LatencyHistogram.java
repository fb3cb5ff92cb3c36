package io.lifeline.sim.report;

import io.lifeline.sim.Policy;
import io.lifeline.sim.RunStats;
import java.awt.Color;
import java.text.DecimalFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.statistics.HistogramType;

/**
 * Charts (b): a histogram of one latency over every run of a comparison, one translucent series
 * per policy on shared bins so that the two distributions can be read against each other.
 */
final class LatencyHistogram {

  /** Enough bins to show the shape of a few hundred values, few enough that bins are not empty. */
  private static final int BINS = 40;
  /** Translucent bars: where the policies overlap, both stay visible. */
  private static final int ALPHA = 150;

  /** Where bars start on the log count axis: below 1, so that a bin of one value shows. */
  private static final double BAR_FLOOR = 0.6;

  private LatencyHistogram() {}

  /**
   * @param latencyMs picks the latency list (in ms) of one run
   * @param what names the latency in the title and on the axis, e.g. "detection latency"
   * @param definition what is measured, for the title, e.g. "fault → attempt failed"
   */
  static JFreeChart create(Map<Policy, List<RunStats>> stats, Function<RunStats, List<Double>> latencyMs,
      String what, String definition) {
    var data = new HistogramDataset();
    data.setType(HistogramType.FREQUENCY);
    double max = stats.values().stream().flatMap(List::stream).flatMap(r -> latencyMs.apply(r).stream())
        .mapToDouble(ms -> ms / 1e3).max().orElse(1);
    var renderer = new XYBarRenderer();
    renderer.setBarPainter(new StandardXYBarPainter());
    renderer.setShadowVisible(false);
    renderer.setDrawBarOutline(false);
    int seeds = 0;
    for (var entry : stats.entrySet()) {
      seeds = entry.getValue().size();
      List<Double> seconds = entry.getValue().stream().flatMap(r -> latencyMs.apply(r).stream())
          .map(ms -> ms / 1e3).toList();
      if (seconds.isEmpty()) {
        continue; // HistogramDataset refuses an empty series; the legend then lacks the policy
      }
      String label = String.format("%s (n = %d, median %.2f s)", entry.getKey().label(), seconds.size(),
          RunStats.percentile(seconds, 50));
      data.addSeries(label, seconds.stream().mapToDouble(Double::doubleValue).toArray(), BINS, 0,
          Math.max(max, 1e-3));
      var colour = (Color) Palette.policy(entry.getKey());
      renderer.setSeriesPaint(data.getSeriesCount() - 1,
          new Color(colour.getRed(), colour.getGreen(), colour.getBlue(), ALPHA));
    }
    // Most faults are noticed at once (an error reported, a result judged): on a linear count axis
    // that one bin would flatten everything else, so counts are drawn on a log axis, from below 1.
    renderer.setBase(BAR_FLOOR);
    var count = new LogAxis("count over all seeds (log scale)");
    count.setTickUnit(new NumberTickUnit(1), false, true);
    count.setNumberFormatOverride(new DecimalFormat("0"));
    count.setRange(BAR_FLOOR, Math.max(10, highest(data) * 2));
    var plot = new XYPlot(data, new NumberAxis(what + " (s)"), count, renderer);
    Palette.plain(plot);
    String title = Character.toUpperCase(what.charAt(0)) + what.substring(1) + " over " + seeds
        + " seeds: " + definition;
    return Palette.chart(title, plot, true);
  }

  private static double highest(HistogramDataset data) {
    double highest = 0;
    for (int series = 0; series < data.getSeriesCount(); series++) {
      for (int bin = 0; bin < data.getItemCount(series); bin++) {
        highest = Math.max(highest, data.getYValue(series, bin));
      }
    }
    return highest;
  }
}
