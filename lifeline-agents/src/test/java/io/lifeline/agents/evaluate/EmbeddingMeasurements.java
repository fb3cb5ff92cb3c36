package io.lifeline.agents.evaluate;

import io.lifeline.agents.FakeAttemptContext;
import io.lifeline.agents.chaos.ChaosAgent;
import io.lifeline.agents.chaos.ChaosLog;
import io.lifeline.agents.chaos.ChaosProfile;
import io.lifeline.agents.chaos.Fault;
import io.lifeline.agents.text.HouseStyle;
import io.lifeline.agents.text.OfflineTextAgent;
import io.lifeline.model.AgentSpec;
import io.lifeline.model.Output;
import io.lifeline.time.Sleeper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Measures the embedding evaluators on this machine; not a test (timing in a unit test only
 * makes it flaky). Prints the cosines behind {@link Calibration}'s constants and the latency of
 * {@link EmbeddingRelevanceEvaluator} per ~300-word text. Run with the test class path:
 * {@code java -cp … io.lifeline.agents.evaluate.EmbeddingMeasurements}.
 */
public final class EmbeddingMeasurements {

  private static final int WARM_UP = 10;
  private static final int TEXTS = 50;

  private EmbeddingMeasurements() {}

  private static final List<String> DEMO_TOPICS = List.of(
      "tide pools", "lighthouse keepers", "city bees", "night trains", "paper maps", "winter orchards",
      "deep sea cables", "river ferries", "old observatories", "mountain huts", "salt marshes", "clock makers");

  public static void main(String[] args) throws Exception {
    long loadStart = System.nanoTime();
    Embeddings.miniLm().embed(List.of("warm up"));
    System.out.printf(Locale.ROOT, "model load + first embedding: %.0f ms%n", (System.nanoTime() - loadStart) / 1e6);
    relevanceCalibration();
    styleCalibration();
    houseStyleCalibration();
    latency();
  }

  /** Mean chunk cosine of every prompt against every article. */
  private static void relevanceCalibration() {
    var relevance = new EmbeddingRelevanceEvaluator();
    var on = new ArrayList<Double>();
    var off = new ArrayList<Double>();
    var calibrated = new ArrayList<Double>();
    for (var prompt : Samples.PROMPTS.entrySet()) {
      for (String article : Samples.PROMPTS.keySet()) {
        double cosine = Arrays.stream(relevance.cosines(prompt.getValue(), Samples.text(article))).average().orElseThrow();
        (article.equals(prompt.getKey()) ? on : off).add(cosine);
        if (article.equals(prompt.getKey())) {
          calibrated.add(Calibration.RELEVANCE.score(cosine));
        }
      }
    }
    System.out.printf(Locale.ROOT, "relevance: on-topic mean cosine %s, off-topic %s%n", range(on), range(off));
    System.out.printf(Locale.ROOT, "relevance: calibrated on-topic scores %s, off-topic max %.2f%n",
        range(calibrated), Calibration.RELEVANCE.score(off.stream().mapToDouble(d -> d).max().orElseThrow()));
  }

  /** Chunk cosines against the nearest passage of the lighthouse reference. */
  private static void styleCalibration() {
    var style = new StyleDriftEvaluator("style", Samples.text("lighthouses"));
    for (String article : List.of("lighthouses-2", "lighthouses-chatty", "beekeeping", "sourdough", "volcanoes",
        "chess", "cycling")) {
      var cosines = Arrays.stream(style.cosines(Chunks.of(Samples.text(article)))).boxed().toList();
      System.out.printf(Locale.ROOT, "style vs lighthouses: %-18s chunk cosines %s%n", article, range(cosines));
    }
  }

  /**
   * Chunk cosines of the offline writer's drafts (the demo's topics, seeds 1–30) and of the chaos
   * agent's drift copy against their nearest passage of the house style: {@link HouseStyle#CALIBRATION}.
   */
  private static void houseStyleCalibration() throws Exception {
    var judge = new StyleDriftEvaluator("house", HouseStyle.essays());
    var drafts = new ArrayList<Double>();
    var copy = new ArrayList<Double>();
    for (long seed = 1; seed <= 30; seed++) {
      var writer = new OfflineTextAgent(AgentSpec.of("writer", "text"), seed, Duration.ZERO, Sleeper.system());
      var drifting = new ChaosAgent(writer, ChaosProfile.none().with(Fault.DRIFT, 1.0), new ChaosLog());
      for (String topic : DEMO_TOPICS) {
        String outline = writer.run(new FakeAttemptContext().param("mode", "outline")
            .prompt("Outline an article about " + topic)).text();
        var draft = new FakeAttemptContext().param("mode", "draft")
            .prompt("Write an article about " + topic + " from this outline:\n" + outline);
        Arrays.stream(judge.cosines(Chunks.of(writer.run(draft).text()))).forEach(drafts::add);
        String drifted = drifting.run(draft).text();
        int copyStart = drifted.indexOf("Speaking of which");
        var copyChunks = Chunks.of(drifted).stream().filter(chunk -> chunk.start() >= copyStart).toList();
        Arrays.stream(judge.cosines(copyChunks)).forEach(copy::add);
      }
    }
    drafts.sort(Double::compare);
    System.out.printf(Locale.ROOT, "house style: %d draft chunks, lowest cosines %s; drift copy chunks %s%n",
        drafts.size(), drafts.subList(0, 5).stream().map(d -> String.format(Locale.ROOT, "%.2f", d)).toList(),
        range(copy));
  }

  /** Median and p90 of one evaluation of a ~300-word text by each embedding evaluator, after warm-up. */
  private static void latency() {
    List<String> texts = texts();
    double words = texts.stream().mapToInt(Chunks::words).average().orElseThrow();
    System.out.printf(Locale.ROOT, "latency over %d texts of %.0f words on average, %d cores:%n",
        TEXTS, words, Runtime.getRuntime().availableProcessors());
    var relevance = new EmbeddingRelevanceEvaluator();
    latency("relevance (prompt + chunks)", texts,
        text -> relevance.evaluate("Write an article about lighthouses and coastal shipping", Output.text(text)));
    var style = new StyleDriftEvaluator("style", Samples.text("lighthouses"));
    latency("style drift (chunks)", texts, text -> style.check("", Output.text(text), 0.5));
  }

  private static void latency(String label, List<String> texts, Consumer<String> evaluation) {
    for (int i = 0; i < WARM_UP; i++) {
      evaluation.accept(texts.get(TEXTS + i));
    }
    long[] nanos = new long[TEXTS];
    for (int i = 0; i < TEXTS; i++) {
      long start = System.nanoTime();
      evaluation.accept(texts.get(i));
      nanos[i] = System.nanoTime() - start;
    }
    Arrays.sort(nanos);
    System.out.printf(Locale.ROOT, "  %-28s median %.1f ms, p90 %.1f ms, max %.1f ms%n",
        label, nanos[TEXTS / 2] / 1e6, nanos[TEXTS * 9 / 10] / 1e6, nanos[TEXTS - 1] / 1e6);
  }

  /**
   * Distinct ~300-word texts, four or five paragraphs drawn from different samples in rotating
   * order: {@value #TEXTS} to time, then {@value #WARM_UP} to warm up on.
   */
  private static List<String> texts() {
    var paragraphs = new ArrayList<String>();
    Samples.PROMPTS.keySet().stream().sorted().forEach(name -> paragraphs.addAll(Samples.paragraphs(name)));
    var texts = new ArrayList<String>();
    for (int i = 0; texts.size() < WARM_UP + TEXTS; i++) {
      var text = new StringBuilder();
      for (int p = 0; p < 4 + i % 2; p++) {
        text.append(paragraphs.get((i * 5 + p * 7) % paragraphs.size())).append("\n\n");
      }
      texts.add(text.toString());
    }
    return texts;
  }

  private static String range(List<Double> values) {
    return String.format(Locale.ROOT, "%.3f..%.3f",
        values.stream().mapToDouble(d -> d).min().orElseThrow(), values.stream().mapToDouble(d -> d).max().orElseThrow());
  }
}
