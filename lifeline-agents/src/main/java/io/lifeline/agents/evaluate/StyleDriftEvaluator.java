package io.lifeline.agents.evaluate;

import io.lifeline.model.Output;
import io.lifeline.quality.DriftCheck;
import io.lifeline.quality.DriftEvaluator;
import io.lifeline.quality.Score;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Scores how well an output keeps to a reference text's style and topic, chunk by chunk, and
 * finds where it drifted: each chunk of the output (see {@link Chunks}) is compared with the
 * reference chunk nearest to it, and the cosine mapped to [0, 1] by a {@link Calibration}.
 *
 * <p>Nearest, not the centroid of the reference: a reference made of several texts — a back
 * catalogue of essays on many subjects — has a centroid that resembles none of them, so an
 * in-style chunk on one of those subjects would score little better than copy from another genre.
 * Against its nearest reference passage it scores as it should; for a reference on one subject
 * the two measures differ little.
 *
 * <p>The score is the lowest chunk's: a text that starts on style and wanders off in its last
 * third has drifted, however good its average. That makes the gate and the prefix agree — an
 * output fails at threshold {@code t} exactly when some chunk scores under {@code t}, and the
 * chunks before the first such one are the in-style prefix.
 *
 * <p>What "style" means here is what a sentence embedding hears, which is mostly topic and genre:
 * all-MiniLM-L6-v2 tells an essay on lighthouses from one on bread at once, but scores the same
 * topic in a chatty register only a little lower than in the reference's (see
 * {@link Calibration#STYLE}). The reference is embedded once, in the constructor. Thread-safe.
 */
public final class StyleDriftEvaluator implements DriftEvaluator {

  private final String name;
  private final Embeddings embeddings;
  private final Calibration calibration;
  private final List<float[]> reference;

  /** On the shared all-MiniLM-L6-v2 with {@link Calibration#STYLE}. */
  public StyleDriftEvaluator(String name, String reference) {
    this(name, reference, Embeddings.miniLm(), Calibration.STYLE);
  }

  /**
   * @param reference a text in the wanted style and on the wanted topic; a few paragraphs are
   *     plenty
   * @throws IllegalArgumentException if the reference is blank
   */
  public StyleDriftEvaluator(String name, String reference, Embeddings embeddings, Calibration calibration) {
    this.name = Objects.requireNonNull(name, "name");
    this.embeddings = Objects.requireNonNull(embeddings, "embeddings");
    this.calibration = Objects.requireNonNull(calibration, "calibration");
    List<Chunks.Chunk> chunks = Chunks.of(Objects.requireNonNull(reference, "reference"));
    if (chunks.isEmpty()) {
      throw new IllegalArgumentException("evaluator '" + name + "': the reference text must not be blank");
    }
    this.reference = List.copyOf(embeddings.embed(chunks.stream().map(Chunks.Chunk::text).toList()));
  }

  @Override
  public String name() {
    return name;
  }

  /** The lowest chunk score; the same as {@link #check}'s at any threshold. */
  @Override
  public Score evaluate(String prompt, Output output) {
    return check(prompt, output, 0).toScore();
  }

  @Override
  public DriftCheck check(String prompt, Output output, double minScore) {
    if (!output.isText()) {
      return new DriftCheck(1, OptionalInt.empty(), 0, "not text (" + output.mediaType() + "): drift not checked");
    }
    String text = output.text();
    List<Chunks.Chunk> chunks = Chunks.of(text);
    if (chunks.isEmpty()) {
      return minScore > 0
          ? new DriftCheck(0, OptionalInt.of(0), 0, "empty output")
          : new DriftCheck(0, OptionalInt.empty(), text.length(), "empty output");
    }
    double[] cosines = cosines(chunks);
    double[] scores = new double[chunks.size()];
    int lowest = 0;
    int drifted = -1;
    for (int i = 0; i < chunks.size(); i++) {
      scores[i] = calibration.score(cosines[i]);
      if (scores[i] < scores[lowest]) {
        lowest = i;
      }
      if (drifted < 0 && scores[i] < minScore) {
        drifted = i;
      }
    }
    if (drifted < 0) {
      return new DriftCheck(scores[lowest], OptionalInt.empty(), text.length(), String.format(Locale.ROOT,
          "%d chunks, lowest chunk %d at %.2f (cosine %.2f)",
          chunks.size(), lowest, scores[lowest], cosines[lowest]));
    }
    int from = chunks.get(drifted).start();
    return new DriftCheck(scores[lowest], OptionalInt.of(drifted), from, String.format(Locale.ROOT,
        "drifted at chunk %d of %d (from char %d): %.2f (cosine %.2f) under %.2f; lowest chunk %d at %.2f",
        drifted, chunks.size(), from, scores[drifted], cosines[drifted], minScore, lowest, scores[lowest]));
  }

  /** The cosine between each chunk and the reference chunk nearest to it. */
  double[] cosines(List<Chunks.Chunk> chunks) {
    List<float[]> vectors = embeddings.embed(chunks.stream().map(Chunks.Chunk::text).toList());
    return vectors.stream().mapToDouble(this::nearest).toArray();
  }

  private double nearest(float[] vector) {
    double best = -1;
    for (float[] passage : reference) {
      best = Math.max(best, Embeddings.cosine(passage, vector));
    }
    return best;
  }
}
