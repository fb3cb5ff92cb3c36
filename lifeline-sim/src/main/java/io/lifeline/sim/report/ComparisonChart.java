package io.lifeline.sim.report;

import io.lifeline.sim.Policy;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * Chart (c): the comparison figures, baseline against Lifeline. The figures have different units,
 * so each gets its own small bar chart with its own axis, and the small charts are laid out in
 * one image under a common title.
 */
final class ComparisonChart {

  /**
   * One figure of {@code RunStats.means}.
   *
   * @param key its key in the means
   * @param unit the value axis label
   * @param scale what the mean is multiplied by for display (goodput is shown in %)
   */
  record Figure(String key, String title, String unit, double scale) {}

  static final List<Figure> FIGURES = List.of(
      new Figure("jobs_completed", "Jobs completed", "jobs per seed", 1),
      new Figure("goodput", "Goodput", "% of work run that was useful", 100),
      new Figure("work_wasted_chunks", "Work wasted", "work units (100 ms) per seed", 1),
      new Figure("false_suspicions", "False suspicions", "suspicions per seed", 1),
      new Figure("detect_ms_p50", "Detection p50", "ms (mean of per-seed p50)", 1),
      new Figure("detect_ms_p99", "Detection p99", "ms (mean of per-seed p99)", 1),
      new Figure("recover_ms_p50", "Recovery p50", "ms (mean of per-seed p50)", 1),
      new Figure("recover_ms_p99", "Recovery p99", "ms (mean of per-seed p99)", 1));

  private static final int COLUMNS = 4;
  private static final int CELL_WIDTH = 300;
  private static final int CELL_HEIGHT = 260;
  private static final int HEADER = 44;

  private ComparisonChart() {}

  /** The small charts in a grid, {@code COLUMNS} wide, under {@code title}. */
  static BufferedImage create(Map<Policy, Map<String, Double>> means, String title) {
    int rows = (FIGURES.size() + COLUMNS - 1) / COLUMNS;
    var image = new BufferedImage(COLUMNS * CELL_WIDTH, HEADER + rows * CELL_HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setPaint(Color.WHITE);
      g.fillRect(0, 0, image.getWidth(), image.getHeight());
      var header = new TextTitle(title, new Font(Font.SANS_SERIF, Font.BOLD, 17));
      header.arrange(g); // lays the text out, which draw needs
      header.draw(g, new Rectangle2D.Double(0, 8, image.getWidth(), HEADER - 8));
      for (int i = 0; i < FIGURES.size(); i++) {
        var area = new Rectangle2D.Double((i % COLUMNS) * CELL_WIDTH, HEADER + (i / COLUMNS) * CELL_HEIGHT,
            CELL_WIDTH, CELL_HEIGHT);
        small(FIGURES.get(i), means).draw(g, area);
      }
    } finally {
      g.dispose();
    }
    return image;
  }

  private static JFreeChart small(Figure figure, Map<Policy, Map<String, Double>> means) {
    var policies = new ArrayList<>(means.keySet());
    var data = new DefaultCategoryDataset();
    for (var policy : policies) {
      double value = means.get(policy).getOrDefault(figure.key(), Double.NaN) * figure.scale();
      data.addValue(Double.isNaN(value) ? null : value, "mean", policy.label());
    }
    // One series; the colour follows the column, i.e. the policy, as in every other chart.
    var renderer = new BarRenderer() {
      @Override
      public Paint getItemPaint(int row, int column) {
        return Palette.policy(policies.get(column));
      }
    };
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    renderer.setMaximumBarWidth(0.3);
    renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", new DecimalFormat("#,##0.#")));
    renderer.setDefaultItemLabelsVisible(true);
    var value = new NumberAxis(figure.unit());
    value.setUpperMargin(0.15); // room for the value printed above the tallest bar
    value.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    var plot = new CategoryPlot(data, new CategoryAxis(null), value, renderer);
    Palette.plain(plot);
    var chart = Palette.chart(figure.title(), plot, false);
    chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    return chart;
  }
}
