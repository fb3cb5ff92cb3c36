package io.lifeline.sim.report;

import io.lifeline.sim.WasteCurve;
import java.awt.Font;
import java.awt.Paint;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.text.DecimalFormat;
import java.time.Duration;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * Charts (d): waste against checkpoint interval, the simulated means (with ±2 standard errors)
 * and the model's expected waste on one plot, with Young's and Daly's intervals marked. One chart
 * spans the whole grid on log–log axes (the waste grows exponentially past the optimum); the
 * other zooms in, on linear axes, on the flat bottom where the optimum is.
 */
final class WasteChart {

  /** Points of the model's curve: enough that its jags at segment boundaries show. */
  private static final int MODEL_POINTS = 600;
  private static final double ZOOM_TO_MINUTES = 12;

  private WasteChart() {}

  static JFreeChart full(WasteCurve curve) {
    double from = shortest(curve);
    double to = longest(curve);
    var interval = new LogAxis("checkpoint interval T (min, log scale)");
    var waste = new LogAxis("waste = completion time − W (min, log scale)");
    for (var axis : new LogAxis[] {interval, waste}) {
      // Ticks at powers of two (1, 2, 4, 8, … min): evenly spaced on a log axis, and round numbers.
      axis.setTickUnit(new NumberTickUnit(Math.log10(2)), false, true);
      axis.setNumberFormatOverride(new DecimalFormat("0.#"));
      axis.setSmallestValue(0.1);
    }
    interval.setRange(from * 0.9, to * 1.1);
    return chart(curve, interval, waste, from, to, "Waste against checkpoint interval");
  }

  static JFreeChart zoom(WasteCurve curve) {
    double from = shortest(curve);
    var interval = new NumberAxis("checkpoint interval T (min)");
    interval.setRange(from - 0.25, ZOOM_TO_MINUTES + 0.25);
    var waste = new NumberAxis("waste = completion time − W (min)");
    waste.setAutoRangeIncludesZero(false);
    return chart(curve, interval, waste, from, ZOOM_TO_MINUTES, "Waste near the optimum (zoom)");
  }

  private static JFreeChart chart(WasteCurve curve, ValueAxis intervalAxis, ValueAxis wasteAxis,
      double from, double to, String title) {
    var plot = new XYPlot();
    plot.setDomainAxis(intervalAxis);
    plot.setRangeAxis(wasteAxis);
    Palette.plain(plot);

    var simulated = new YIntervalSeries(String.format("simulated: mean of %d seeds, ±2 SE (real coordinator)", curve.seeds()));
    for (var p : curve.points()) {
      double t = minutes(p.interval());
      if (t <= to) {
        double mean = minutes(p.meanWaste());
        double band = 2 * minutes(p.standardError());
        simulated.add(t, mean, mean - band, mean + band);
      }
    }
    var simulatedData = new YIntervalSeriesCollection();
    simulatedData.addSeries(simulated);
    var errors = new XYErrorRenderer();
    errors.setDrawXError(false);
    errors.setDefaultLinesVisible(true);
    errors.setSeriesPaint(0, Palette.LIFELINE);
    errors.setErrorPaint(Palette.LIFELINE);
    errors.setSeriesStroke(0, Palette.LINE);
    errors.setSeriesShape(0, new Rectangle2D.Double(-3, -3, 6, 6));
    plot.setDataset(0, simulatedData);
    plot.setRenderer(0, errors);

    var minimum = curve.simulatedMinimum();
    var model = new XYSeries(String.format("model: expected waste, least at T = %.2f min",
        minutes(curve.modelOptimum())));
    for (int i = 0; i <= MODEL_POINTS; i++) {
      double t = intervalAt(intervalAxis, from, to, i);
      model.add(t, minutes(curve.model().expectedWaste(Duration.ofNanos(Math.round(t * 60e9)))));
    }
    var best = new XYSeries(String.format("simulated minimum: T = %.2f min", minutes(minimum.interval())));
    best.add(minutes(minimum.interval()), minutes(minimum.meanWaste()));
    var lines = new XYSeriesCollection();
    lines.addSeries(model);
    lines.addSeries(best);
    var renderer = new XYLineAndShapeRenderer();
    renderer.setSeriesShapesVisible(0, false);
    renderer.setSeriesPaint(0, Palette.MODEL);
    renderer.setSeriesStroke(0, Palette.LINE);
    renderer.setSeriesLinesVisible(1, false);
    renderer.setSeriesPaint(1, Palette.MINIMUM);
    renderer.setSeriesShape(1, new Ellipse2D.Double(-7, -7, 14, 14));
    plot.setDataset(1, lines);
    plot.setRenderer(1, renderer);

    plot.addDomainMarker(marker(curve.daly(), "Daly %.2f min", Palette.DALY, true));
    plot.addDomainMarker(marker(curve.young(), "Young %.2f min", Palette.YOUNG, false));

    var chart = Palette.chart(title + ": simulation vs model", plot, true);
    var parameters = curve.model();
    chart.addSubtitle(new TextTitle(String.format(
        "one job of W = %s of work, crashes every M = %s on average (Poisson), checkpoint cost δ = %s, restart R = %s",
        text(parameters.work()), text(parameters.mtbf()), text(parameters.checkpointCost()), text(parameters.restart())),
        new Font(Font.SANS_SERIF, Font.PLAIN, 12)));
    return chart;
  }

  /** Evenly spaced on the axis as drawn: geometrically on a log axis, arithmetically otherwise. */
  private static double intervalAt(ValueAxis axis, double from, double to, int i) {
    double f = (double) i / MODEL_POINTS;
    return axis instanceof LogAxis ? from * Math.pow(to / from, f) : from + (to - from) * f;
  }

  /** A vertical line at {@code interval}, labelled on its left or right so that close lines stay legible. */
  private static ValueMarker marker(Duration interval, String label, Paint paint, boolean left) {
    var marker = new ValueMarker(minutes(interval), paint, Palette.DASHED);
    marker.setLabel(String.format(label, minutes(interval)));
    marker.setLabelPaint(paint);
    marker.setLabelFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
    marker.setLabelAnchor(left ? RectangleAnchor.TOP_LEFT : RectangleAnchor.TOP_RIGHT);
    marker.setLabelTextAnchor(left ? TextAnchor.TOP_RIGHT : TextAnchor.TOP_LEFT);
    return marker;
  }

  private static double shortest(WasteCurve curve) {
    return minutes(curve.points().stream().map(WasteCurve.Point::interval).min(Duration::compareTo).orElseThrow());
  }

  private static double longest(WasteCurve curve) {
    return minutes(curve.points().stream().map(WasteCurve.Point::interval).max(Duration::compareTo).orElseThrow());
  }

  static double minutes(Duration d) {
    return d.toNanos() / 60e9;
  }

  /** "2 h", "20 min", "30 s": the model's parameters as a reader would write them. */
  static String text(Duration d) {
    if (d.toSeconds() % 3600 == 0 && !d.isZero()) {
      return d.toHours() + " h";
    }
    if (d.toSeconds() % 60 == 0 && !d.isZero()) {
      return d.toMinutes() + " min";
    }
    return new DecimalFormat("0.###").format(d.toNanos() / 1e9) + " s";
  }
}
