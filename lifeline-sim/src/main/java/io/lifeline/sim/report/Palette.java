package io.lifeline.sim.report;

import io.lifeline.sim.Policy;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.Stroke;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;

/**
 * The report's colours and type, so that a policy or a fault kind looks the same in every chart.
 * Colours are the Tableau 10 palette (distinct for most colour-blind readers) plus two greys.
 */
final class Palette {

  /** Fault kinds in the order their legends list them, as {@code Injection.kind()} names them. */
  static final List<String> FAULT_KINDS = List.of("crash", "crash-stop", "hang", "slow", "transient",
      "ratelimit", "oom", "low-quality", "gc-pause", "partition", "coordinator-crash");

  private static final Color[] KIND_COLOURS = {
      new Color(0xd6, 0x27, 0x28), new Color(0x8c, 0x56, 0x4b), new Color(0x94, 0x67, 0xbd),
      new Color(0xbc, 0xbd, 0x22), new Color(0xff, 0x7f, 0x0e), new Color(0xe3, 0x77, 0xc2),
      new Color(0x17, 0xbe, 0xcf), new Color(0x2c, 0xa0, 0x2c), new Color(0x7f, 0x7f, 0x7f),
      new Color(0x1f, 0x77, 0xb4), new Color(0x30, 0x30, 0x30)};

  static final Color BASELINE = new Color(0xff, 0x7f, 0x0e);
  static final Color LIFELINE = new Color(0x1f, 0x77, 0xb4);
  static final Color MODEL = new Color(0x30, 0x30, 0x30);
  /** The simulated minimum: a darker shade of the simulated curve's blue. */
  static final Color MINIMUM = new Color(0x08, 0x30, 0x6b);
  static final Color DALY = new Color(0xd6, 0x27, 0x28);
  static final Color YOUNG = new Color(0x2c, 0xa0, 0x2c);
  static final Stroke LINE = new BasicStroke(2f);
  static final Stroke DASHED = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
      new float[] {6f, 4f}, 0f);

  private static final Color GRID = new Color(0xdd, 0xdd, 0xdd);
  private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 16);

  private Palette() {}

  static Paint policy(Policy policy) {
    return switch (policy) {
      case BASELINE -> BASELINE;
      case LIFELINE -> LIFELINE;
    };
  }

  static Paint faultKind(String kind) {
    int i = FAULT_KINDS.indexOf(kind);
    return i < 0 ? Color.BLACK : KIND_COLOURS[i];
  }

  /** A chart on white with the report's title type; the legend, if any, below the plot. */
  static JFreeChart chart(String title, Plot plot, boolean legend) {
    var chart = new JFreeChart(title, TITLE, plot, legend);
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  /** White plot area with a light grid: plain charts that print and read well. */
  static void plain(XYPlot plot) {
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(GRID);
    plot.setRangeGridlinePaint(GRID);
  }

  static void plain(CategoryPlot plot) {
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(GRID);
  }
}
