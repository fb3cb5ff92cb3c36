package io.lifeline.agents.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What an error body says, whatever the provider's shape:
 * <ul>
 *   <li>OpenAI and compatible: {@code {"error": {"message", "type", "code"}}};
 *   <li>Anthropic: {@code {"type": "error", "error": {"type": "overloaded_error", "message"}}};
 *   <li>Ollama: {@code {"error": "model \"x\" not found, try pulling it first"}};
 *   <li>FastAPI-based servers (vLLM and others): {@code {"detail": "…"}} or {@code {"message": "…"}};
 *   <li>anything else: the text itself is the message.
 * </ul>
 *
 * @param codes the machine-readable codes and types found, lower case
 * @param message the human message, or the whole body if none was found
 */
record ErrorBody(Set<String> codes, String message) {

  private static final ObjectMapper JSON = new ObjectMapper();

  static ErrorBody parse(String body) {
    String text = body == null ? "" : body.strip();
    JsonNode root;
    try {
      root = text.startsWith("{") ? JSON.readTree(text) : null;
    } catch (JsonProcessingException e) {
      root = null;
    }
    if (root == null || !root.isObject()) {
      return new ErrorBody(Set.of(), text);
    }
    var codes = new LinkedHashSet<String>();
    JsonNode error = root.path("error");
    add(codes, error.path("code"));
    add(codes, error.path("type"));
    if (!"error".equals(root.path("type").asText())) {
      add(codes, root.path("type"));
    }
    add(codes, root.path("code"));
    String message = firstText(error.path("message"), error, root.path("detail"), root.path("message"));
    return new ErrorBody(Set.copyOf(codes), message == null ? text : message);
  }

  private static void add(Set<String> codes, JsonNode node) {
    if (node.isTextual() && !node.asText().isBlank()) {
      codes.add(node.asText().strip().toLowerCase(java.util.Locale.ROOT));
    }
  }

  private static String firstText(JsonNode... nodes) {
    for (JsonNode node : nodes) {
      if (node.isTextual() && !node.asText().isBlank()) {
        return node.asText().strip();
      }
    }
    return null;
  }
}
