package io.lifeline.agents.text;

import io.lifeline.agents.Cancellation;
import io.lifeline.agents.Seeds;
import io.lifeline.time.Sleeper;
import io.lifeline.model.Agent;
import io.lifeline.model.AgentSpec;
import io.lifeline.model.AttemptContext;
import io.lifeline.model.Output;
import io.lifeline.model.Usage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A text agent that needs no network: it streams prose from an order-2 Markov chain trained on
 * bundled public-domain essays, opening each paragraph with a sentence that names the prompt's
 * keyword phrases, or a bullet outline when the step parameter {@code mode} is {@code outline}.
 *
 * <p>The text depends only on this agent's seed, the mode and the prompt — not on the attempt —
 * so every attempt of a step, on any agent built with the same seed, writes the same text. It
 * streams one chunk (a sentence or a heading) at a time, waiting {@code chunkDelay} before each
 * to stand in for a model's generation time, heartbeats after each chunk and checkpoints the
 * appended text (see {@link AppendCheckpointer}). An attempt that resumes from a checkpoint keeps
 * the restored text and writes only the chunks after it, ending with the text an uninterrupted
 * attempt would have written. It keeps only the whole chunks of its own text that the checkpoint
 * begins with: a prefix cut mid-chunk is continued from its last whole chunk, and text from
 * another plan is not continued at all.
 *
 * <p>Output: {@code text/markdown} with metadata {@code mode}, {@code words}, {@code chunks},
 * {@code resumedFromChunk}, {@code model}, {@code provider}, {@code agent}. Thread-safe: attempts share nothing
 * mutable.
 */
public final class OfflineTextAgent implements Agent {

  /** Small enough that a 100-job demo stays fast, large enough that streaming is visible. */
  public static final Duration DEFAULT_CHUNK_DELAY = Duration.ofMillis(15);
  /**
   * Four chunks: a crash loses at most a few sentences. Unlike a provider's stream, an offline
   * draft lasts a second or two, under any interval Young/Daly suggests (12 s before anything is
   * measured), so without a chunk count it would never checkpoint and resuming could not be shown.
   */
  static final int CHECKPOINT_EVERY_CHUNKS = 4;
  /** The usual rule of thumb for English text under BPE tokenisers. */
  private static final double TOKENS_PER_WORD = 1.3;

  private final AgentSpec spec;
  private final long seed;
  private final Duration chunkDelay;
  private final Sleeper sleeper;

  /**
   * @param spec what the runtime sees; its {@code model} capability is reported in the metadata
   * @param seed mixed with the mode and prompt into the text's seed; agents that should be
   *     interchangeable mid-step (resume on a replacement) must share it
   * @param chunkDelay waited before each chunk; zero in tests
   * @param sleeper how to wait
   */
  public OfflineTextAgent(AgentSpec spec, long seed, Duration chunkDelay, Sleeper sleeper) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.seed = seed;
    this.chunkDelay = Objects.requireNonNull(chunkDelay, "chunkDelay");
    if (chunkDelay.isNegative()) {
      throw new IllegalArgumentException("agent '" + spec.id() + "': chunkDelay cannot be negative: " + chunkDelay);
    }
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
  }

  /** Seed 0, {@link #DEFAULT_CHUNK_DELAY}, real sleeping. */
  public OfflineTextAgent(AgentSpec spec) {
    this(spec, 0, DEFAULT_CHUNK_DELAY, Sleeper.system());
  }

  @Override
  public AgentSpec spec() {
    return spec;
  }

  @Override
  public Output run(AttemptContext context) throws InterruptedException {
    TextMode mode = TextMode.from(context.params());
    String prompt = context.prompt();
    var composer = new Composer(MarkovChain.essays(), Seeds.of(seed, mode.label(), prompt),
        Keywords.phrases(prompt, Keywords.DEFAULT_LIMIT), mode);
    int total = composer.chunkCount();
    String restored = context.resumeFrom()
        .map(state -> new String(state.concatenated(), StandardCharsets.UTF_8)).orElse("");
    // Resume after the whole chunks of this plan that the checkpoint holds: the text, not its
    // progress figure, says where to go on — a prefix kept by a drift judge ends mid-plan, and a
    // checkpoint of another plan (another mode, another seed) holds none of these chunks.
    var text = new StringBuilder();
    int resumedFrom = 0;
    while (resumedFrom < total) {
      String next = composer.chunk(resumedFrom);
      if (!restored.startsWith(next, text.length())) {
        break;
      }
      text.append(next);
      resumedFrom++;
    }
    var checkpointer = new AppendCheckpointer(context, OptionalInt.of(CHECKPOINT_EVERY_CHUNKS), text.toString());
    if (text.length() != restored.length()) {
      checkpointer.rebase(text.toString()); // DELTAs must not extend a checkpoint that was not kept whole
    }
    int newWords = 0;
    for (int i = resumedFrom; i < total; i++) {
      Cancellation.check(context);
      sleeper.sleep(chunkDelay);
      String chunk = composer.chunk(i);
      text.append(chunk);
      newWords += Keywords.words(chunk).size();
      context.progress(i + 1);
      if (i + 1 < total) {
        checkpointer.appended(chunk, i + 1);
      }
    }
    return output(text.toString(), mode, total, resumedFrom,
        tokens(Keywords.words(prompt).size() + newWords));
  }

  private Output output(String text, TextMode mode, int chunks, int resumedFrom, long tokens) {
    return new Output("text/markdown", text.getBytes(StandardCharsets.UTF_8), Map.of(
        TextMode.PARAM, mode.label(),
        "words", Integer.toString(Keywords.words(text).size()),
        "chunks", Integer.toString(chunks),
        "resumedFromChunk", Integer.toString(resumedFrom),
        "model", spec.capabilities().getOrDefault("model", "markov-2"),
        "provider", spec.provider(),
        "agent", spec.id()),
        new Usage(tokens, spec.costPerCall()));
  }

  private static long tokens(int words) {
    return Math.round(words * TOKENS_PER_WORD);
  }
}
