package io.lifeline.agents.evaluate;

import io.lifeline.model.Output;
import io.lifeline.quality.QualityEvaluator;
import io.lifeline.quality.Score;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Scores how much an output is about its prompt: the cosine between the prompt's embedding and
 * each chunk of the output (see {@link Chunks}), averaged over the chunks and mapped to [0, 1] by a
 * {@link Calibration}.
 *
 * <p>The mean over every chunk, rather than the best few, is deliberate: an article that answers
 * the prompt in one paragraph and pads the rest with something else should lose in proportion.
 * (Drift from a reference is {@link StyleDriftEvaluator}'s job.) Blank output scores 0; output
 * that is not text, or a blank prompt, is not checked and scores 1. Thread-safe.
 */
public final class EmbeddingRelevanceEvaluator implements QualityEvaluator {

  /** The name quality gates use for the default instance. */
  public static final String DEFAULT_NAME = "relevance";

  private final String name;
  private final Embeddings embeddings;
  private final Calibration calibration;

  /** Named {@value #DEFAULT_NAME}, on the shared all-MiniLM-L6-v2 with {@link Calibration#RELEVANCE}. */
  public EmbeddingRelevanceEvaluator() {
    this(DEFAULT_NAME, Embeddings.miniLm(), Calibration.RELEVANCE);
  }

  public EmbeddingRelevanceEvaluator(String name, Embeddings embeddings, Calibration calibration) {
    this.name = Objects.requireNonNull(name, "name");
    this.embeddings = Objects.requireNonNull(embeddings, "embeddings");
    this.calibration = Objects.requireNonNull(calibration, "calibration");
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Score evaluate(String prompt, Output output) {
    var precheck = TextOnly.precheck(output, "relevance not checked");
    if (precheck.isPresent()) {
      return precheck.get();
    }
    if (prompt.isBlank()) {
      return new Score(1, "relevance n/a (blank prompt)");
    }
    double[] cosines = cosines(prompt, output.text());
    int weakest = 0;
    double sum = 0;
    for (int i = 0; i < cosines.length; i++) {
      sum += cosines[i];
      if (cosines[i] < cosines[weakest]) {
        weakest = i;
      }
    }
    double mean = sum / cosines.length;
    return new Score(calibration.score(mean), String.format(Locale.ROOT,
        "relevance: mean cosine %.2f to the prompt over %d chunks (weakest: chunk %d at %.2f)",
        mean, cosines.length, weakest, cosines[weakest]));
  }

  /** The cosine between the prompt and each chunk of the (non-blank) text. */
  double[] cosines(String prompt, String text) {
    var texts = new ArrayList<String>();
    texts.add(prompt);
    Chunks.of(text).forEach(chunk -> texts.add(chunk.text()));
    List<float[]> vectors = embeddings.embed(texts);
    var cosines = new double[vectors.size() - 1];
    for (int i = 0; i < cosines.length; i++) {
      cosines[i] = Embeddings.cosine(vectors.getFirst(), vectors.get(i + 1));
    }
    return cosines;
  }
}
