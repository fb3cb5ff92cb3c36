package io.lifeline.agents.evaluate;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.List;
import java.util.Objects;

/**
 * Sentence embeddings for the evaluators that compare meaning: a LangChain4j
 * {@link EmbeddingModel}, by default the quantized all-MiniLM-L6-v2 that ships inside the
 * LangChain4j jar (384 dimensions, English, about 23 MB of ONNX weights; nothing is downloaded).
 *
 * <p>Thread-safe: ONNX Runtime sessions may be run from many threads at once. The default model
 * is loaded once, on first use of {@link #miniLm()}, and shared by every evaluator: loading it
 * takes about a second and holds its weights for the life of the JVM. Inference runs on the
 * calling thread (ONNX Runtime spreads one inference over the cores by itself), so an evaluation
 * stays on the attempt's thread, where the runtime expects it.
 */
public final class Embeddings {

  private final EmbeddingModel model;

  /** Embeddings from any LangChain4j model, e.g. a bigger local one or a provider's endpoint. */
  public Embeddings(EmbeddingModel model) {
    this.model = Objects.requireNonNull(model, "model");
  }

  /** The shared quantized all-MiniLM-L6-v2, loaded on first call. */
  public static Embeddings miniLm() {
    return MiniLm.SHARED;
  }

  /** The lazy holder: the JVM loads the model when this class is first used, exactly once. */
  private static final class MiniLm {
    static final Embeddings SHARED = new Embeddings(new AllMiniLmL6V2QuantizedEmbeddingModel(Runnable::run));
  }

  /** One vector per text, in order. */
  List<float[]> embed(List<String> texts) {
    var segments = texts.stream().map(TextSegment::from).toList();
    return model.embedAll(segments).content().stream().map(embedding -> embedding.vector()).toList();
  }

  /** The cosine of the angle between two vectors of the same model: 1 same direction, 0 unrelated. */
  static double cosine(float[] a, float[] b) {
    double dot = 0;
    double normA = 0;
    double normB = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      normA += a[i] * a[i];
      normB += b[i] * b[i];
    }
    return normA == 0 || normB == 0 ? 0 : dot / Math.sqrt(normA * normB);
  }
}
