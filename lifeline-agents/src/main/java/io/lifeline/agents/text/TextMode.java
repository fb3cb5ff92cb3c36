package io.lifeline.agents.text;

import io.lifeline.model.AgentFailureException;
import io.lifeline.model.FailureKind;
import java.util.Locale;
import java.util.Map;

/** What the text agent writes, chosen by the step parameter {@code mode}. */
public enum TextMode {
  /** A bullet outline of four to six headings. */
  OUTLINE,
  /** Several paragraphs of prose; the default. */
  DRAFT;

  /** The step parameter that chooses the mode. */
  public static final String PARAM = "mode";

  /**
   * The mode named by {@code params}, {@link #DRAFT} when absent.
   *
   * @throws AgentFailureException PERMANENT for an unknown mode: retrying cannot fix a bad request
   */
  static TextMode from(Map<String, String> params) {
    String value = params.getOrDefault(PARAM, "draft");
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "outline" -> OUTLINE;
      case "draft" -> DRAFT;
      default -> throw new AgentFailureException(FailureKind.PERMANENT,
          "param '" + PARAM + "' must be 'outline' or 'draft', was '" + value + "'");
    };
  }

  /** The lower-case name, as the parameter and the output metadata spell it. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
