package io.lifeline.sim.report;

import io.lifeline.event.Event;
import io.lifeline.sim.Injection;
import io.lifeline.sim.Policy;
import io.lifeline.sim.SimResult;
import java.awt.geom.Ellipse2D;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Chart (a): jobs completed over virtual time in one run per policy (the same seed, so the same
 * fault schedule), above a strip with one row per policy where every injected fault is a point
 * coloured by its kind. Per-attempt faults differ between the rows because each policy dispatches
 * differently; agent-wide ones (crashes, pauses, partitions, coordinator crashes) coincide.
 */
final class CompletionChart {

  private static final double MARKER = 8;

  private CompletionChart() {}

  static JFreeChart create(Map<Policy, SimResult> runs) {
    var time = new NumberAxis("virtual time (s)");
    time.setAutoRangeIncludesZero(true);
    var plot = new CombinedDomainXYPlot(time);
    plot.setGap(8);
    plot.add(completions(runs), 4);
    plot.add(faults(runs), Math.max(1, runs.size()));
    long seed = runs.values().iterator().next().seed();
    String scenario = runs.values().iterator().next().scenario();
    return Palette.chart("Jobs completed over time, with the faults injected (seed " + seed
        + ", scenario '" + scenario + "')", plot, true);
  }

  private static XYPlot completions(Map<Policy, SimResult> runs) {
    var data = new XYSeriesCollection();
    var renderer = new XYStepRenderer();
    for (var entry : runs.entrySet()) {
      var run = entry.getValue();
      var succeeded = new XYSeries(entry.getKey().label() + ": jobs completed");
      var failed = new XYSeries(entry.getKey().label() + ": jobs dead-lettered");
      succeeded.add(0, 0);
      failed.add(0, 0);
      for (Event event : run.committed()) {
        switch (event) {
          case Event.JobSucceeded s -> succeeded.add(seconds(run, s.at()), succeeded.getItemCount());
          case Event.JobFailed f -> failed.add(seconds(run, f.at()), failed.getItemCount());
          default -> { }
        }
      }
      double end = run.endNanos() / 1e9;
      succeeded.add(end, succeeded.getY(succeeded.getItemCount() - 1));
      data.addSeries(succeeded);
      renderer.setSeriesPaint(data.getSeriesCount() - 1, Palette.policy(entry.getKey()));
      renderer.setSeriesStroke(data.getSeriesCount() - 1, Palette.LINE);
      if (failed.getItemCount() > 1) { // only policies that dead-lettered something get the line
        failed.add(end, failed.getY(failed.getItemCount() - 1));
        data.addSeries(failed);
        renderer.setSeriesPaint(data.getSeriesCount() - 1, Palette.policy(entry.getKey()));
        renderer.setSeriesStroke(data.getSeriesCount() - 1, Palette.DASHED);
      }
    }
    var jobs = new NumberAxis("jobs (cumulative)");
    jobs.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    var plot = new XYPlot(data, null, jobs, renderer);
    Palette.plain(plot);
    return plot;
  }

  /** One row per policy; one series per fault kind, so the legend names each colour once. */
  private static XYPlot faults(Map<Policy, SimResult> runs) {
    var policies = new ArrayList<>(runs.keySet());
    var data = new XYSeriesCollection();
    var renderer = new XYLineAndShapeRenderer(false, true);
    for (String kind : Palette.FAULT_KINDS) {
      var series = new XYSeries("fault: " + kind, false, true);
      for (int row = 0; row < policies.size(); row++) {
        for (Injection injection : runs.get(policies.get(row)).injections()) {
          if (injection.kind().equals(kind)) {
            series.add(injection.atNanos() / 1e9, row);
          }
        }
      }
      if (!series.isEmpty()) {
        data.addSeries(series);
        int i = data.getSeriesCount() - 1;
        renderer.setSeriesPaint(i, Palette.faultKind(kind));
        renderer.setSeriesShape(i, new Ellipse2D.Double(-MARKER / 2, -MARKER / 2, MARKER, MARKER));
      }
    }
    var rows = new SymbolAxis("faults", policies.stream().map(Policy::label).toArray(String[]::new));
    rows.setGridBandsVisible(false);
    rows.setRange(-0.5, policies.size() - 0.5);
    var plot = new XYPlot(data, null, rows, renderer);
    Palette.plain(plot);
    return plot;
  }

  private static double seconds(SimResult run, Instant at) {
    return Duration.between(run.startInstant(), at).toNanos() / 1e9;
  }
}
