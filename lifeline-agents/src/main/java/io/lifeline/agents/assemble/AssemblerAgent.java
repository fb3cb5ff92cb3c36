package io.lifeline.agents.assemble;

import io.lifeline.agents.Cancellation;
import io.lifeline.agents.text.Keywords;
import io.lifeline.model.Agent;
import io.lifeline.model.AgentFailureException;
import io.lifeline.model.AgentSpec;
import io.lifeline.model.AttemptContext;
import io.lifeline.model.FailureKind;
import io.lifeline.model.Output;
import io.lifeline.model.Usage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An agent (kind {@code assembler}) that publishes a job's article: {@code article.md} (title,
 * outline, illustration link, draft, review score) and {@code illustration.png} under
 * {@code <outputDir>/<jobId>/}. See {@link Article} for how it finds the parts among its inputs.
 *
 * <p>Idempotent, as a step that may run more than once must be (a retry, or a superseded attempt
 * still finishing): each file is written to a temporary file beside it and atomically moved over
 * the target, and the content depends only on the inputs, so every run leaves the same bytes and
 * a reader never sees half a file. Output: a {@code text/markdown} summary with metadata
 * {@code path}, {@code words}, {@code reviewScore}.
 */
public final class AssemblerAgent implements Agent {

  static final String ARTICLE = "article.md";
  static final String ILLUSTRATION = "illustration.png";
  /** A job id becomes a directory name: nothing that could climb out of the output directory. */
  private static final Pattern SAFE_SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  private final AgentSpec spec;
  private final Path outputDir;

  /** @param outputDir where job directories go; created on first use */
  public AssemblerAgent(AgentSpec spec, Path outputDir) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.outputDir = Objects.requireNonNull(outputDir, "outputDir");
  }

  @Override
  public AgentSpec spec() {
    return spec;
  }

  /**
   * @throws AgentFailureException PERMANENT for a job id that is not a safe directory name or a
   *     step without a draft input
   * @throws IOException when the disk fails: classified TRANSIENT, and a retry rewrites everything
   */
  @Override
  public Output run(AttemptContext context) throws IOException, InterruptedException {
    if (!SAFE_SEGMENT.matcher(context.jobId()).matches() || context.jobId().contains("..")) {
      throw new AgentFailureException(FailureKind.PERMANENT,
          "job id must match " + SAFE_SEGMENT.pattern() + " without '..' to name a directory, was '"
              + context.jobId() + "'");
    }
    Article article = Article.from(context);
    Path jobDir = Files.createDirectories(outputDir.resolve(context.jobId()));
    Cancellation.check(context);
    if (article.illustration().isPresent()) {
      // The picture first: the article links to it, so it must never be published before it.
      writeAtomically(jobDir.resolve(ILLUSTRATION), article.illustration().get().content());
      context.heartbeat();
    }
    Cancellation.check(context);
    Path articlePath = jobDir.resolve(ARTICLE);
    writeAtomically(articlePath, article.markdown(ILLUSTRATION).getBytes(StandardCharsets.UTF_8));
    context.heartbeat();
    return summary(article, articlePath);
  }

  private Output summary(Article article, Path articlePath) {
    int words = Keywords.words(article.draft()).size();
    String score = article.review().map(review -> review.metadata().get("score")).orElse("n/a");
    String text = "Assembled **" + article.title() + "** in `" + articlePath + "`: " + words + " words"
        + (article.illustration().isPresent() ? ", illustrated" : ", no illustration")
        + ", review score " + score + ".\n";
    return new Output("text/markdown", text.getBytes(StandardCharsets.UTF_8), Map.of(
        "path", articlePath.toString(),
        "words", Integer.toString(words),
        "reviewScore", score,
        "agent", spec.id()),
        new Usage(0, spec.costPerCall()));
  }

  /** Temp file in the same directory (so the move is a rename), then an atomic replace. */
  private static void writeAtomically(Path target, byte[] content) throws IOException {
    Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
    try {
      Files.write(temp, content);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
