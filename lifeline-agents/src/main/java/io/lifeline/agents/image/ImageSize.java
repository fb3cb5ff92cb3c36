package io.lifeline.agents.image;

import io.lifeline.model.AgentFailureException;
import io.lifeline.model.FailureKind;
import java.util.Map;

/**
 * The picture size a step asks for: params {@code width} and {@code height} (default 512x320),
 * halved when {@code size} is {@code small} — the degraded variant a step falls back to after an
 * out-of-memory failure.
 */
record ImageSize(int width, int height, boolean small) {

  static final int DEFAULT_WIDTH = 512;
  static final int DEFAULT_HEIGHT = 320;
  /** Under this a title no longer fits. */
  static final int MIN_SIDE = 64;
  /** 4096² ARGB is 64 MiB: the most a demo agent should take from a shared heap. */
  static final int MAX_SIDE = 4096;

  /**
   * @throws AgentFailureException PERMANENT naming the parameter when a value is not a number in
   *     range or {@code size} is neither {@code small} nor {@code normal}
   */
  static ImageSize from(Map<String, String> params) {
    int width = side(params, "width", DEFAULT_WIDTH);
    int height = side(params, "height", DEFAULT_HEIGHT);
    String size = params.getOrDefault("size", "normal");
    return switch (size) {
      case "normal" -> new ImageSize(width, height, false);
      case "small" -> new ImageSize(Math.max(MIN_SIDE, width / 2), Math.max(MIN_SIDE, height / 2), true);
      default -> throw invalid("size", size, "'small' or 'normal'");
    };
  }

  private static int side(Map<String, String> params, String name, int fallback) {
    String value = params.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      int side = Integer.parseInt(value.strip());
      if (side >= MIN_SIDE && side <= MAX_SIDE) {
        return side;
      }
    } catch (NumberFormatException e) {
      // reported below with the rule
    }
    throw invalid(name, value, "a whole number of pixels in [" + MIN_SIDE + ", " + MAX_SIDE + "]");
  }

  private static AgentFailureException invalid(String name, String value, String rule) {
    return new AgentFailureException(FailureKind.PERMANENT,
        "param '" + name + "' must be " + rule + ", was '" + value + "'");
  }
}
