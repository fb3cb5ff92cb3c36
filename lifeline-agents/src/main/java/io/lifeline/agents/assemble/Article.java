package io.lifeline.agents.assemble;

import io.lifeline.model.AgentFailureException;
import io.lifeline.model.AttemptContext;
import io.lifeline.model.FailureKind;
import io.lifeline.model.Output;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The parts of an article, found among an assemble step's inputs by what they are rather than by
 * step names, so any workflow shape works: the outline and draft by the text agent's {@code mode}
 * metadata (else a step named {@code outline} / {@code draft}), the review by its {@code score}
 * metadata, the illustration by its media type.
 */
record Article(String title, Optional<String> outline, String draft, Optional<Output> review,
    Optional<Output> illustration) {

  /**
   * @throws AgentFailureException PERMANENT when no input is a draft: the workflow is wrong, and
   *     no retry will add one
   */
  static Article from(AttemptContext context) {
    var inputs = new TreeMap<>(context.inputs()); // sorted: the same inputs pick the same parts
    String draft = text(inputs, "draft").orElseThrow(() -> new AgentFailureException(FailureKind.PERMANENT,
        "step '" + context.stepId() + "': no draft among inputs " + inputs.keySet()
            + " (want a text output with metadata mode=draft, or a step named 'draft')"));
    Optional<Output> illustration = first(inputs, output -> output.mediaType().equals("image/png"));
    return new Article(
        title(context, illustration),
        text(inputs, "outline"),
        draft,
        first(inputs, output -> output.metadata().containsKey("score")),
        illustration);
  }

  private static Optional<String> text(Map<String, Output> inputs, String mode) {
    return first(inputs, output -> output.isText() && mode.equals(output.metadata().get("mode")))
        .or(() -> Optional.ofNullable(inputs.get(mode)).filter(Output::isText))
        .map(output -> output.text().strip());
  }

  private static Optional<Output> first(Map<String, Output> inputs, Predicate<Output> wanted) {
    return inputs.values().stream().filter(wanted).findFirst();
  }

  private static String title(AttemptContext context, Optional<Output> illustration) {
    return Optional.ofNullable(context.jobInput().get("title"))
        .or(() -> Optional.ofNullable(context.jobInput().get("topic")))
        .or(() -> context.prompt().strip().lines().findFirst())
        .or(() -> illustration.map(image -> image.metadata().get("title")))
        .filter(title -> !title.isBlank())
        .orElse("Untitled");
  }

  /** The article as Markdown, linking the illustration as {@code imageName} when there is one. */
  String markdown(String imageName) {
    var md = new StringBuilder("# ").append(title).append("\n\n");
    outline.ifPresent(text -> md.append("## Outline\n\n").append(text).append("\n\n"));
    illustration.ifPresent(image -> md.append("![").append(title).append("](").append(imageName).append(")\n\n"));
    md.append("## Article\n\n").append(draft).append("\n");
    review.ifPresent(r -> md.append("\n---\n\n*Review score ").append(r.metadata().get("score"))
        .append(": ").append(r.metadata().getOrDefault("reason", "")).append("*\n"));
    return md.toString();
  }
}
