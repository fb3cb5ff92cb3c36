package io.lifeline.agents.evaluate;

/**
 * Maps a cosine similarity of two embeddings to a score in [0, 1]: linear between the cosine of
 * unrelated texts (score 0) and that of clearly related ones (score 1), clamped outside. Raw
 * cosines of a sentence-embedding model are poor scores by themselves: unrelated English texts
 * rarely fall below 0, and texts on the very same topic rarely rise above 0.7.
 *
 * @param unrelated the cosine at and under which the score is 0
 * @param related the cosine at and over which the score is 1
 */
public record Calibration(double unrelated, double related) {

  /**
   * Prompt against output, measured with all-MiniLM-L6-v2 (quantized) on six ~270-word articles
   * on distinct topics and a prompt for each that does not repeat the article's title (test
   * resources {@code samples/}, run {@code EmbeddingMeasurements}): the mean chunk cosine of the 6
   * matching pairs was 0.49–0.61 (with and without the title line), that of the 30 others
   * −0.04–0.21. The points sit at the top of the off-topic range and just under the bottom of the
   * on-topic one, so that a gate's usual 0.5 falls mid-gap, at a cosine of 0.35.
   */
  public static final Calibration RELEVANCE = new Calibration(0.20, 0.50);

  /**
   * Chunk against its nearest passage of a reference text, measured the same way with the
   * lighthouse article as the reference: the chunks of another article on its topic scored
   * 0.53–0.72, those of five articles on other topics 0.02–0.31, and the same topic in a chatty
   * register still 0.51–0.70 (the model hears topic much more than tone). A gate's 0.5 sits at a
   * cosine of 0.40, mid-gap.
   */
  public static final Calibration STYLE = new Calibration(0.20, 0.60);

  public Calibration {
    if (!(unrelated >= -1 && related <= 1 && unrelated < related)) {
      throw new IllegalArgumentException(
          "calibration needs -1 <= unrelated < related <= 1, was " + unrelated + ".." + related);
    }
  }

  /** The score of {@code cosine}, in [0, 1]. */
  public double score(double cosine) {
    return Math.max(0, Math.min(1, (cosine - unrelated) / (related - unrelated)));
  }
}
