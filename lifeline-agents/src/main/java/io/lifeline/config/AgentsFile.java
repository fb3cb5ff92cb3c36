package io.lifeline.config;

import io.lifeline.agents.provider.ProviderAgentConfig;
import io.lifeline.agents.provider.ProviderType;
import io.lifeline.agents.provider.Secret;
import io.lifeline.model.AgentSpec;
import io.lifeline.workflow.FieldPath;
import io.lifeline.workflow.InvalidWorkflowException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Loads the agents a run may use from a YAML or JSON file:
 *
 * <pre>{@code
 * agents:
 *   - id: writer-a                  # required, unique
 *     provider: openai              # required: openai | ollama | openai-images
 *     baseUrl: http://127.0.0.1:8081/v1   # required, http(s)
 *     model: small-model            # required
 *     kind: text                    # default: text (openai, ollama) or image (openai-images)
 *     apiKeyEnv: OPENAI_API_KEY     # the environment variable holding the key; must be set
 *     quotaGroup: acme-org          # agents sharing a rate limit (default: the baseUrl's host:port)
 *     concurrency: 4                # attempts at once (default 1)
 *     capabilities: {lang: en}      # more capabilities for step selectors
 *     costPerCall: 0.01             # cost units per attempt (default 0)
 *     costPerToken: 0.000002        # cost units per token, in and out (default 0)
 *     timeout: 60s                  # text: to the first token; image: the whole call (default 60s)
 *     idleTimeout: 30s              # text: the longest silence between tokens (default 30s)
 *     maxTokens: 1024               # text: tokens to generate per attempt
 *     temperature: 0.7              # text: in [0, 2]
 *     checkpointEveryTokens: 512    # text: also checkpoint after this many tokens (default: the interval alone)
 *     size: 1024x1024               # image
 * }</pre>
 *
 * The agent's {@code provider}, {@code model} and {@code quotaGroup} become its capabilities (steps
 * can {@code select} on them), so {@code capabilities} may not set them. A 429 cools down every agent
 * of its quota group, and nothing else: by default one endpoint is one group, so a rate-limited host
 * leaves another host of the same provider type usable; agents on one account at several endpoints
 * name a common group, agents with separate keys at one endpoint separate ones. Keys are read from the environment at load time, so a missing one is refused
 * before any job starts; they never appear in an error, a log or a {@code toString()}.
 *
 * <p>Like {@link WorkflowFiles}, every problem is an {@link InvalidWorkflowException} whose message
 * names the file, the field's path, the agent and the line:
 * {@code agents.yaml: agents[1].baseUrl: agent 'writer-b': is required (line 9, column 5)}.
 * Loading has no side effects (I8).
 */
public final class AgentsFile {

  private static final List<String> ROOT_FIELDS = List.of("agents");
  private static final List<String> AGENT_FIELDS = List.of("id", "kind", "provider", "baseUrl", "model", "apiKeyEnv",
      "quotaGroup", "concurrency", "capabilities", "costPerCall", "costPerToken", "timeout", "idleTimeout", "maxTokens",
      "temperature", "checkpointEveryTokens", "size");
  private static final List<String> TEXT_ONLY = List.of("idleTimeout", "maxTokens", "temperature", "checkpointEveryTokens");
  private static final List<String> IMAGE_ONLY = List.of("size");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern SIZE = Pattern.compile("\\d{1,5}x\\d{1,5}");
  /** Far more slots than one endpoint serves; a larger number is a typo. */
  private static final int MAX_CONCURRENCY = 1024;
  /** A cost is a small number of units; this bound only catches typos and overflow. */
  private static final double MAX_COST = 1e9;
  /** A name, not a document. */
  private static final int MAX_GROUP_LENGTH = 128;

  private AgentsFile() {}

  /** Loads {@code file}, reading API keys from the process environment. */
  public static List<ProviderAgentConfig> load(Path file) {
    return load(file, System::getenv);
  }

  /**
   * Loads {@code file}, as UTF-8.
   *
   * @param env looks up environment variables (tests pass a map's {@code get})
   * @throws InvalidWorkflowException if the file cannot be read or does not hold valid agents
   */
  public static List<ProviderAgentConfig> load(Path file, Function<String, String> env) {
    Objects.requireNonNull(file, "file");
    return parse(TreeReader.readFile(file), file.toString(), env);
  }

  /**
   * Parses agents from text.
   *
   * @param sourceName names the text in messages; a name ending in {@code .json} selects JSON
   */
  public static List<ProviderAgentConfig> parse(String text, String sourceName, Function<String, String> env) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(sourceName, "sourceName");
    Objects.requireNonNull(env, "env");
    var tree = TreeReader.read(text, sourceName);
    try {
      return agents(tree.root(), env);
    } catch (InvalidWorkflowException e) {
      throw tree.locate(e, sourceName);
    }
  }

  private static List<ProviderAgentConfig> agents(Object root, Function<String, String> env) {
    var file = AgentFields.of(root, FieldPath.ROOT, ROOT_FIELDS, "an agents file", null);
    Object list = root instanceof Map<?, ?> map ? map.get("agents") : null;
    if (!(list instanceof List<?> items) || items.isEmpty()) {
      throw file.error("agents", "must list at least one agent, was " + AgentFields.describe(list));
    }
    var out = new ArrayList<ProviderAgentConfig>();
    var seen = new HashMap<String, Integer>();
    FieldPath at = FieldPath.ROOT.key("agents");
    for (int i = 0; i < items.size(); i++) {
      out.add(agent(items.get(i), at.index(i), i, seen, env));
    }
    return List.copyOf(out);
  }

  private static ProviderAgentConfig agent(Object node, FieldPath at, int index, Map<String, Integer> seen,
      Function<String, String> env) {
    var f = AgentFields.of(node, at, AGENT_FIELDS, "an agent", "id");
    String id = f.requiredString("id");
    name(f, "id", id);
    Integer earlier = seen.putIfAbsent(id, index);
    if (earlier != null) {
      throw f.error("id", "is declared twice (also agents[" + earlier + "])");
    }
    ProviderType provider = provider(f);
    String kind = f.string("kind").orElse(provider.defaultKind());
    name(f, "kind", kind);
    for (String key : provider.streamsText() ? IMAGE_ONLY : TEXT_ONLY) {
      if (f.has(key)) {
        throw f.error(key, "does not apply to provider " + provider.label());
      }
    }
    URI baseUrl = baseUrl(f);
    String model = f.requiredString("model");
    Optional<Secret> key = f.string("apiKeyEnv").map(name -> secret(f, name, env));
    var capabilities = new TreeMap<>(f.stringMap("capabilities"));
    for (String reserved : List.of("provider", "model", "quotaGroup")) {
      if (capabilities.containsKey(reserved)) {
        throw new InvalidWorkflowException(f.at("capabilities").key(reserved),
            "agent '" + id + "': is set by the agent's " + reserved + " field");
      }
    }
    capabilities.put("provider", provider.label());
    capabilities.put("model", model);
    capabilities.put("quotaGroup", quotaGroup(f, baseUrl));
    var spec = new AgentSpec(id, kind, capabilities, f.number("costPerCall", 0, MAX_COST).orElse(0),
        f.integer("concurrency", 1, MAX_CONCURRENCY).orElse(1));
    return new ProviderAgentConfig(spec, provider, baseUrl, model, key,
        f.number("costPerToken", 0, MAX_COST).orElse(0),
        f.duration("timeout").orElse(ProviderAgentConfig.DEFAULT_TIMEOUT),
        f.duration("idleTimeout").orElse(ProviderAgentConfig.DEFAULT_IDLE_TIMEOUT),
        f.integer("maxTokens", 1, 10_000_000),
        f.number("temperature", 0, 2),
        size(f),
        f.integer("checkpointEveryTokens", 1, 1_000_000));
  }

  /** Ids and kinds follow the coordinator's name rule; AgentSpec is its one authority. */
  private static void name(AgentFields f, String key, String value) {
    try {
      AgentSpec.of(key.equals("id") ? value : "x", key.equals("kind") ? value : "text");
    } catch (IllegalArgumentException e) {
      throw f.error(key, e.getMessage().replaceFirst("^(id|kind) ", ""));
    }
  }

  private static ProviderType provider(AgentFields f) {
    String name = f.requiredString("provider");
    return ProviderType.byLabel(name).orElseThrow(() -> f.error("provider", "unknown provider '" + name + "'"
        + io.lifeline.workflow.Spelling.nearest(name, ProviderType.labels()).map(near -> " (did you mean " + near + "?)").orElse("")
        + "; known: " + String.join(", ", ProviderType.labels())));
  }

  private static URI baseUrl(AgentFields f) {
    String text = f.requiredString("baseUrl");
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw f.error("baseUrl", "'" + text + "' is not a URL: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw f.error("baseUrl", "must be an http or https URL such as http://127.0.0.1:11434, was '" + text + "'");
    }
    if (uri.getHost() == null) {
      throw f.error("baseUrl", "has no host: '" + text + "'");
    }
    if (uri.getUserInfo() != null) {
      // Never echo it: it is a credential.
      throw f.error("baseUrl", "must not hold credentials (user:password@); put the key in the variable named by apiKeyEnv");
    }
    if (uri.getQuery() != null || uri.getFragment() != null) {
      throw f.error("baseUrl", "must not have a query or fragment, was '" + text + "'");
    }
    return URI.create(text.replaceAll("/+$", ""));
  }

  /** An explicit group, else the endpoint: host and port are what a provider's rate limit is tied to. */
  private static String quotaGroup(AgentFields f, URI baseUrl) {
    var group = f.string("quotaGroup");
    group.ifPresent(g -> {
      if (g.length() > MAX_GROUP_LENGTH) {
        throw f.error("quotaGroup", "must be at most " + MAX_GROUP_LENGTH + " characters, was " + g.length());
      }
    });
    return group.orElseGet(() -> baseUrl.getHost() + (baseUrl.getPort() < 0 ? "" : ":" + baseUrl.getPort()));
  }

  private static Secret secret(AgentFields f, String name, Function<String, String> env) {
    if (!ENV_NAME.matcher(name).matches()) {
      throw f.error("apiKeyEnv", "must name an environment variable (letters, digits, _), was '" + name + "'");
    }
    String value = env.apply(name);
    if (value == null) {
      throw f.error("apiKeyEnv", "environment variable " + name + " is not set");
    }
    if (value.isBlank()) {
      throw f.error("apiKeyEnv", "environment variable " + name + " is empty");
    }
    return Secret.of(value);
  }

  private static Optional<String> size(AgentFields f) {
    var size = f.string("size");
    size.ifPresent(s -> {
      if (!SIZE.matcher(s).matches()) {
        throw f.error("size", "must look like 1024x1024, was '" + s + "'");
      }
    });
    return size;
  }
}
