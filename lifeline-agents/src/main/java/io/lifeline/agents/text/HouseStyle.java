package io.lifeline.agents.text;

import io.lifeline.agents.evaluate.Calibration;
import io.lifeline.agents.evaluate.Embeddings;
import io.lifeline.agents.evaluate.StyleDriftEvaluator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The offline writers' house style: the bundled essays they learned from (a newsroom's back
 * catalogue, as it were), and a style-drift judge calibrated for what those writers produce.
 */
public final class HouseStyle {

  /**
   * Chunk against its nearest passage of the essays, measured with all-MiniLM-L6-v2 on the
   * offline writer's drafts of the demo's 12 topics, seeds 1–30 (1,844 chunks): lowest cosine
   * 0.22, then 0.26, 0.28 and the rest at 0.29 or more; the chunks of the chaos agent's drift copy
   * (advertising for a phone) 0.12–0.19. Markov text is only loosely in style — every sentence is
   * stitched from the essays, none is from one of them — so the points sit lower than
   * {@link Calibration#STYLE}'s: a gate's 0.3 falls at a cosine of 0.18, under every draft chunk
   * and over the copy's first paragraphs. Reproduce with {@code EmbeddingMeasurements}.
   */
  public static final Calibration CALIBRATION = new Calibration(0.12, 0.32);

  private static final String RESOURCE = "essays.txt";

  private HouseStyle() {}

  /** The essays' prose, a paragraph per line: without the '#' comment lines and the capitalised titles. */
  public static String essays() {
    return Holder.ESSAYS;
  }

  /** A drift judge named {@code name} that compares each chunk with the essays, on {@link #CALIBRATION}. */
  public static StyleDriftEvaluator judge(String name) {
    return new StyleDriftEvaluator(name, essays(), Embeddings.miniLm(), CALIBRATION);
  }

  /** Reads the essays once, on first use (initialisation-on-demand holder). */
  private static final class Holder {
    static final String ESSAYS = prose(read());

    private static String read() {
      try (InputStream in = Objects.requireNonNull(
          HouseStyle.class.getResourceAsStream(RESOURCE), "missing resource " + RESOURCE)) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + RESOURCE, e);
      }
    }

    private static String prose(String text) {
      return text.lines().map(String::strip)
          .filter(line -> !line.isEmpty() && !line.startsWith("#") && !line.equals(line.toUpperCase()))
          .collect(Collectors.joining("\n\n"));
    }
  }
}
