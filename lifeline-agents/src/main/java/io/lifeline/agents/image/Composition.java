package io.lifeline.agents.image;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.geom.Ellipse2D;
import java.awt.geom.RoundRectangle2D;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A deterministic abstract picture in layers: a gradient ground, translucent shapes in a palette
 * of related hues, and the title on a dark band. Everything is drawn from one random stream
 * seeded by the prompt, so the same prompt gives the same picture, pixel for pixel.
 */
final class Composition {

  private static final int MIN_SHAPES = 6;
  private static final int MAX_SHAPES = 10;
  /** Two lines of title at most; the rest is ellipsised. */
  private static final int TITLE_LINES = 2;

  private final SplittableRandom random;
  private final int width;
  private final int height;
  private final float baseHue;
  private final int shapes;

  Composition(long seed, int width, int height) {
    this.random = new SplittableRandom(seed);
    this.width = width;
    this.height = height;
    this.baseHue = random.nextFloat();
    this.shapes = random.nextInt(MIN_SHAPES, MAX_SHAPES + 1);
  }

  /** Layers to draw: the ground, each shape, the title. */
  int layers() {
    return shapes + 2;
  }

  /** Draws layer {@code index}; layers must be drawn in order, once each. */
  void draw(int index, Graphics2D g, String title) {
    if (index == 0) {
      ground(g);
    } else if (index <= shapes) {
      shape(g);
    } else {
      title(g, title);
    }
  }

  private void ground(Graphics2D g) {
    g.setPaint(new GradientPaint(0, 0, colour(0f, 0.55f, 0.95f), 0, height, colour(0.08f, 0.75f, 0.45f)));
    g.fillRect(0, 0, width, height);
  }

  private void shape(Graphics2D g) {
    // Analogous hues and one complement: varied but never garish.
    float hueShift = random.nextInt(4) == 0 ? 0.5f : (random.nextFloat() - 0.5f) * 0.2f;
    g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.35f + random.nextFloat() * 0.35f));
    g.setColor(colour(hueShift, 0.4f + random.nextFloat() * 0.5f, 0.5f + random.nextFloat() * 0.5f));
    int x = random.nextInt(-width / 8, width);
    int y = random.nextInt(-height / 8, height);
    int size = random.nextInt(Math.min(width, height) / 6, Math.min(width, height) * 3 / 4);
    switch (random.nextInt(4)) {
      case 0 -> g.fill(new Ellipse2D.Float(x, y, size, size));
      case 1 -> g.fill(new RoundRectangle2D.Float(x, y, size * 1.6f, size * 0.6f, size / 5f, size / 5f));
      case 2 -> g.fill(new Polygon(new int[] {x, x + size, x + size / 2}, new int[] {y + size, y + size, y}, 3));
      default -> {
        g.setStroke(new BasicStroke(Math.max(2, size / 12f), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.drawLine(x, y, x + size * 2, y - size / 2);
      }
    }
    g.setComposite(AlphaComposite.SrcOver);
  }

  private void title(Graphics2D g, String title) {
    int fontSize = Math.max(12, height / 12);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, fontSize));
    FontMetrics metrics = g.getFontMetrics();
    int margin = Math.max(8, width / 32);
    List<String> lines = wrap(title, metrics, width - 2 * margin);
    int lineHeight = metrics.getHeight();
    int bandHeight = lines.size() * lineHeight + margin;
    g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.6f));
    g.setColor(Color.BLACK);
    g.fillRect(0, height - bandHeight, width, bandHeight);
    g.setComposite(AlphaComposite.SrcOver);
    g.setColor(Color.WHITE);
    int baseline = height - bandHeight + margin / 2 + metrics.getAscent();
    for (String line : lines) {
      g.drawString(line, margin, baseline);
      baseline += lineHeight;
    }
  }

  /** Greedy word wrap into at most {@value #TITLE_LINES} lines of at most {@code maxWidth} pixels. */
  static List<String> wrap(String text, FontMetrics metrics, int maxWidth) {
    var lines = new ArrayList<String>();
    var line = new StringBuilder();
    for (String word : text.strip().split("\\s+")) {
      String candidate = line.isEmpty() ? word : line + " " + word;
      if (metrics.stringWidth(candidate) <= maxWidth || line.isEmpty()) {
        line.setLength(0);
        line.append(candidate);
      } else {
        lines.add(line.toString());
        line.setLength(0);
        line.append(word);
      }
    }
    lines.add(line.toString());
    if (lines.size() <= TITLE_LINES) {
      return lines;
    }
    var kept = new ArrayList<>(lines.subList(0, TITLE_LINES));
    kept.set(TITLE_LINES - 1, ellipsised(kept.get(TITLE_LINES - 1), metrics, maxWidth));
    return kept;
  }

  private static String ellipsised(String line, FontMetrics metrics, int maxWidth) {
    String cut = line;
    while (!cut.isEmpty() && metrics.stringWidth(cut + "…") > maxWidth) {
      cut = cut.substring(0, cut.length() - 1);
    }
    return cut.strip() + "…";
  }

  private Color colour(float hueShift, float saturation, float brightness) {
    return Color.getHSBColor(baseHue + hueShift, Math.min(1f, saturation), Math.min(1f, brightness));
  }
}
