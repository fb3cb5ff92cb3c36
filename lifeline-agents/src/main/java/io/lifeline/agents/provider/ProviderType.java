package io.lifeline.agents.provider;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The provider APIs Lifeline speaks, by the name an agents file uses for them. */
public enum ProviderType {
  /** Any OpenAI-compatible chat-completions endpoint ({@code POST {baseUrl}/chat/completions}, SSE). */
  OPENAI("openai", "text"),
  /** Ollama's native chat API ({@code POST {baseUrl}/api/chat}, NDJSON). */
  OLLAMA("ollama", "text"),
  /** Any OpenAI-compatible image endpoint ({@code POST {baseUrl}/images/generations}). */
  OPENAI_IMAGES("openai-images", "image");

  private final String label;
  private final String defaultKind;

  ProviderType(String label, String defaultKind) {
    this.label = label;
    this.defaultKind = defaultKind;
  }

  /** The name in agents files and in the {@code provider} capability. */
  public String label() {
    return label;
  }

  /** The agent kind an agent of this provider has unless its declaration names another. */
  public String defaultKind() {
    return defaultKind;
  }

  /** Whether this provider streams chat text (as opposed to returning one image). */
  public boolean streamsText() {
    return defaultKind.equals("text");
  }

  public static Optional<ProviderType> byLabel(String label) {
    return Arrays.stream(values()).filter(p -> p.label.equals(label)).findFirst();
  }

  public static List<String> labels() {
    return Arrays.stream(values()).map(ProviderType::label).toList();
  }
}
