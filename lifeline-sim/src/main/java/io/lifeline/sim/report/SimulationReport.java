package io.lifeline.sim.report;

import io.lifeline.sim.PolicyComparison;
import io.lifeline.sim.RunStats;
import io.lifeline.sim.WasteCurve;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;

/**
 * Writes the simulation report into a directory: {@code index.html} and the PNG charts it shows
 * beside it, so the directory can be opened, copied or archived as it is.
 *
 * <ul>
 *   <li>jobs completed over virtual time in the first seed's run of each policy, with the faults
 *       injected, coloured by kind;
 *   <li>histograms of detection and recovery latency over all seeds;
 *   <li>bar charts of the comparison figures, policy against policy;
 *   <li>waste against checkpoint interval, simulated on the real coordinator and from the model,
 *       with Young's and Daly's intervals marked (on log axes, and zoomed on the optimum).
 * </ul>
 */
public final class SimulationReport {

  /** The page's file name in the report directory. */
  public static final String INDEX = "index.html";

  private SimulationReport() {}

  /**
   * Draws every chart and writes the page, creating {@code dir} if needed and replacing files of
   * the same names.
   *
   * @param command how the report was made, shown on the page so it can be made again
   * @return the page
   */
  public static Path write(Path dir, PolicyComparison comparison, WasteCurve curve, String command) throws IOException {
    // Charts are only ever drawn into images: never look for a display, so it runs on servers and CI.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    Files.createDirectories(dir);
    png(dir, ReportPage.COMPLETIONS, CompletionChart.create(comparison.firstRuns()), 560);
    png(dir, ReportPage.DETECTION, LatencyHistogram.create(comparison.stats(), RunStats::detectMs,
        "detection latency", "fault injected → attempt failed or agent declared dead"), 420);
    png(dir, ReportPage.RECOVERY, LatencyHistogram.create(comparison.stats(), RunStats::recoverMs,
        "recovery latency", "attempt failed → the step's next attempt started"), 420);
    String title = String.format("Means over %d seeds of scenario '%s' (same fault schedule per seed)",
        comparison.seeds(), comparison.scenario());
    ImageIO.write(ComparisonChart.create(comparison.means(), title), "png", dir.resolve(ReportPage.COMPARISON).toFile());
    png(dir, ReportPage.WASTE, WasteChart.full(curve), 580);
    png(dir, ReportPage.WASTE_ZOOM, WasteChart.zoom(curve), 520);
    Path index = dir.resolve(INDEX);
    Files.writeString(index, ReportPage.html(comparison, curve, command));
    return index;
  }

  /** Every chart is as wide as the page's content; heights suit each chart's content. */
  private static void png(Path dir, String file, JFreeChart chart, int height) throws IOException {
    ChartUtils.saveChartAsPNG(dir.resolve(file).toFile(), chart, 1160, height);
  }
}
