package io.lifeline.cli.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.lifeline.model.AgentSpec;
import io.lifeline.workflow.Durations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads what the reliability model needs from an agents file (YAML or JSON):
 *
 * <pre>
 * agents:
 *   - id: writer-1            # required, unique
 *     kind: text              # required
 *     model: small            # optional; a capability, as is provider
 *     provider: acme
 *     capabilities: {lang: en}
 *     mtbf: 10h               # required: mean time between failures
 *     mttr: 20m               # optional: mean time to repair (for the availability answer)
 * </pre>
 *
 * Other keys (baseUrl, apiKeyEnv, concurrency, … of the provider agents' file) are ignored, so
 * the same file can serve both. Top-level {@code model} and {@code provider} count as
 * capabilities, since steps select on them; one that contradicts {@code capabilities} is refused.
 * Every error is an {@link IllegalArgumentException} whose message starts with the file and the
 * field: {@code agents.yaml: agents[1].mtbf: '10x' is not a duration (use e.g. 500ms, 60s, 5m, 1h)}.
 */
final class AgentsFile {

  /** Keys outside {@code capabilities} that are capabilities too. */
  private static final List<String> CAPABILITY_KEYS = List.of("model", "provider");

  /** Thread-safe and costly to build; each read makes its own parser. JSON is YAML too. */
  private static final YAMLFactory YAML = new YAMLFactory();

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** One agent: what it can run and how often it fails. */
  record Entry(AgentSpec spec, Duration mtbf, Optional<Duration> mttr) {}

  private final String source;

  private AgentsFile(String source) {
    this.source = source;
  }

  static List<Entry> load(Path file) {
    var reader = new AgentsFile(file.toString());
    JsonNode root;
    try (JsonParser parser = YAML.createParser(Files.readString(file))) {
      root = parser.nextToken() == null ? null : reader.tree(parser, "");
    } catch (NoSuchFileException e) {
      throw reader.error("", "cannot be read: no such file");
    } catch (JsonProcessingException e) {
      throw reader.error("", "not valid YAML: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
    } catch (IOException e) {
      throw reader.error("", "cannot be read: " + e.getMessage());
    }
    return reader.entries(root);
  }

  /**
   * The document as a tree in which every scalar is the text as written. Jackson's own tree would
   * read YAML 1.1's {@code no} as {@code false} (Norwegian, as a {@code lang} capability), and
   * would let a repeated key silently win; like the workflow loader, this keeps the words and
   * refuses repeats.
   */
  private JsonNode tree(JsonParser parser, String at) throws IOException {
    switch (parser.currentToken()) {
      case START_OBJECT -> {
        ObjectNode object = NODES.objectNode();
        while (parser.nextToken() != JsonToken.END_OBJECT) {
          String name = parser.currentName();
          String field = at.isEmpty() ? name : at + "." + name;
          parser.nextToken();
          if (object.has(name)) {
            throw error(field, "repeated key");
          }
          object.set(name, tree(parser, field));
        }
        return object;
      }
      case START_ARRAY -> {
        var array = NODES.arrayNode();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          array.add(tree(parser, at + "[" + array.size() + "]"));
        }
        return array;
      }
      case VALUE_NULL -> {
        return NODES.nullNode();
      }
      default -> {
        return NODES.textNode(parser.getText());
      }
    }
  }

  private List<Entry> entries(JsonNode root) {
    if (root == null || !root.isObject() || !root.path("agents").isArray()) {
      throw error("agents", "required: a list of agents");
    }
    JsonNode agents = root.get("agents");
    if (agents.isEmpty()) {
      throw error("agents", "must list at least one agent");
    }
    var entries = new ArrayList<Entry>();
    var seen = new HashMap<String, Integer>();
    for (int i = 0; i < agents.size(); i++) {
      String at = "agents[" + i + "]";
      Entry entry = entry(agents.get(i), at);
      Integer earlier = seen.putIfAbsent(entry.spec().id(), i);
      if (earlier != null) {
        throw error(at + ".id", "duplicate agent id '" + entry.spec().id() + "' (also agents[" + earlier + "])");
      }
      entries.add(entry);
    }
    return entries;
  }

  private Entry entry(JsonNode node, String at) {
    if (!node.isObject()) {
      throw error(at, "must be a mapping with id, kind and mtbf");
    }
    String id = text(node, at, "id");
    String kind = text(node, at, "kind");
    Map<String, String> capabilities = capabilities(node, at);
    AgentSpec spec;
    try {
      spec = new AgentSpec(id, kind, capabilities, 0, 1);
    } catch (IllegalArgumentException e) {
      throw error(at, e.getMessage());
    }
    Duration mtbf = duration(node, at, "mtbf").orElseThrow(
        () -> error(at + ".mtbf", "required: the mean time between failures, e.g. 10h"));
    return new Entry(spec, mtbf, duration(node, at, "mttr"));
  }

  private Map<String, String> capabilities(JsonNode node, String at) {
    var capabilities = new TreeMap<String, String>();
    JsonNode listed = node.path("capabilities");
    if (!listed.isMissingNode() && !listed.isObject()) {
      throw error(at + ".capabilities", "must be a mapping of names to values");
    }
    for (var field : listed.properties()) {
      capabilities.put(field.getKey(), scalar(field.getValue(), at + ".capabilities." + field.getKey()));
    }
    for (String key : CAPABILITY_KEYS) {
      if (node.has(key)) {
        String value = scalar(node.get(key), at + "." + key);
        String listedValue = capabilities.putIfAbsent(key, value);
        if (listedValue != null && !listedValue.equals(value)) {
          throw error(at + "." + key, "'" + value + "' contradicts capabilities." + key + " '" + listedValue + "'");
        }
      }
    }
    return capabilities;
  }

  private Optional<Duration> duration(JsonNode node, String at, String key) {
    if (!node.has(key) || node.get(key).isNull()) {
      return Optional.empty();
    }
    String field = at + "." + key;
    JsonNode value = node.get(key);
    if (!value.isTextual()) {
      throw error(field, "must be a duration such as 10h or 20m");
    }
    try {
      return Optional.of(Durations.parsePositive(value.asText()));
    } catch (IllegalArgumentException e) {
      throw error(field, e.getMessage());
    }
  }

  private String text(JsonNode node, String at, String key) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      throw error(at + "." + key, "required");
    }
    return scalar(value, at + "." + key);
  }

  private String scalar(JsonNode value, String field) {
    if (!value.isTextual()) {
      throw error(field, "must be a text or a number, was " + value);
    }
    return value.asText();
  }

  private IllegalArgumentException error(String field, String rule) {
    return new IllegalArgumentException(source + ": " + (field.isEmpty() ? "" : field + ": ") + rule);
  }
}
