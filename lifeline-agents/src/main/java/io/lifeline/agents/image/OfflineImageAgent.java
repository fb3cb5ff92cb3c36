package io.lifeline.agents.image;

import io.lifeline.agents.Cancellation;
import io.lifeline.agents.Seeds;
import io.lifeline.time.Sleeper;
import io.lifeline.model.Agent;
import io.lifeline.model.AgentSpec;
import io.lifeline.model.AttemptContext;
import io.lifeline.model.Output;
import io.lifeline.model.Usage;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import javax.imageio.ImageIO;

/**
 * An image agent that needs no network: renders a PNG with Java2D, an abstract composition whose
 * colours and shapes derive from the prompt, with the title drawn in. Same prompt and seed, same
 * picture.
 *
 * <p>Step parameters: {@code width} and {@code height} in pixels (default 512x320), {@code size}
 * ({@code normal} or {@code small}, which halves both: the fallback variant after an
 * out-of-memory failure), {@code title} (default: the prompt's first line). It heartbeats after
 * each drawn layer and waits {@code layerDelay} before each, standing in for a model's render
 * time.
 *
 * <p>Output: {@code image/png} with metadata {@code width}, {@code height}, {@code size},
 * {@code title}, {@code model}, {@code provider}, {@code agent}. Thread-safe.
 */
public final class OfflineImageAgent implements Agent {

  /** Ten or so layers at 5 ms: a picture in about 60 ms, so a 100-job demo stays fast. */
  public static final Duration DEFAULT_LAYER_DELAY = Duration.ofMillis(5);

  static {
    // The demo may run on a machine without a display; AWT must never try to open one.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private final AgentSpec spec;
  private final long seed;
  private final Duration layerDelay;
  private final Sleeper sleeper;

  /**
   * @param spec what the runtime sees; its {@code model} capability is reported in the metadata
   * @param seed mixed with the prompt into the picture's seed
   * @param layerDelay waited before each layer; zero in tests
   * @param sleeper how to wait
   */
  public OfflineImageAgent(AgentSpec spec, long seed, Duration layerDelay, Sleeper sleeper) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.seed = seed;
    this.layerDelay = Objects.requireNonNull(layerDelay, "layerDelay");
    if (layerDelay.isNegative()) {
      throw new IllegalArgumentException("agent '" + spec.id() + "': layerDelay cannot be negative: " + layerDelay);
    }
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
  }

  /** Seed 0, {@link #DEFAULT_LAYER_DELAY}, real sleeping. */
  public OfflineImageAgent(AgentSpec spec) {
    this(spec, 0, DEFAULT_LAYER_DELAY, Sleeper.system());
  }

  @Override
  public AgentSpec spec() {
    return spec;
  }

  @Override
  public Output run(AttemptContext context) throws InterruptedException {
    ImageSize size = ImageSize.from(context.params());
    String title = context.params().getOrDefault("title", firstLine(context.prompt()));
    var image = new BufferedImage(size.width(), size.height(), BufferedImage.TYPE_INT_RGB);
    var composition = new Composition(Seeds.of(seed, context.prompt()), size.width(), size.height());
    var graphics = image.createGraphics();
    try {
      graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      graphics.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      for (int layer = 0; layer < composition.layers(); layer++) {
        Cancellation.check(context);
        sleeper.sleep(layerDelay);
        composition.draw(layer, graphics, title);
        context.heartbeat();
      }
    } finally {
      graphics.dispose();
    }
    return new Output("image/png", png(image), Map.of(
        "width", Integer.toString(size.width()),
        "height", Integer.toString(size.height()),
        "size", size.small() ? "small" : "normal",
        "title", title,
        "model", spec.capabilities().getOrDefault("model", "java2d-abstract"),
        "provider", spec.provider(),
        "agent", spec.id()),
        new Usage(0, spec.costPerCall()));
  }

  private static String firstLine(String prompt) {
    String line = prompt.strip().lines().findFirst().orElse("");
    return line.isEmpty() ? "Untitled" : line;
  }

  private static byte[] png(BufferedImage image) {
    var out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException("PNG encoding failed in memory", e);
    }
    return out.toByteArray();
  }
}
