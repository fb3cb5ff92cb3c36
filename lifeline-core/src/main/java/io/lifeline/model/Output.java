package io.lifeline.model;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * The result of a successful attempt: content with its media type. Outputs go to the store as
 * soon as the step succeeds; the coordinator never keeps them in memory.
 *
 * @param mediaType e.g. {@code text/markdown}, {@code image/png}
 * @param content the bytes (UTF-8 for text)
 * @param metadata small key/values kept with the output (model used, word count, …)
 * @param usage tokens and cost this attempt consumed
 */
public record Output(String mediaType, byte[] content, Map<String, String> metadata, Usage usage) {

  public Output {
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(content, "content");
    metadata = Map.copyOf(metadata);
    Objects.requireNonNull(usage, "usage");
  }

  public static Output text(String text) {
    return new Output("text/plain", text.getBytes(StandardCharsets.UTF_8), Map.of(), Usage.NONE);
  }

  public static Output of(String mediaType, byte[] content) {
    return new Output(mediaType, content, Map.of(), Usage.NONE);
  }

  public Output withMetadata(Map<String, String> more) {
    var merged = new java.util.TreeMap<>(metadata);
    merged.putAll(more);
    return new Output(mediaType, content, merged, usage);
  }

  public Output withUsage(Usage newUsage) {
    return new Output(mediaType, content, metadata, newUsage);
  }

  public boolean isText() {
    return mediaType.startsWith("text/") || mediaType.endsWith("json");
  }

  /** The content decoded as UTF-8. */
  public String text() {
    return new String(content, StandardCharsets.UTF_8);
  }

  /** Whether there is nothing in it: no bytes, or text that is only whitespace. */
  public boolean isBlank() {
    return content.length == 0 || (isText() && text().isBlank());
  }
}
