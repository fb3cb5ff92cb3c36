package io.lifeline.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeline.agents.provider.ProviderAgentConfig;
import io.lifeline.agents.provider.ProviderType;
import io.lifeline.workflow.InvalidWorkflowException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentsFileTest {

  static final String KEY = "sk-proj-5e2b0c41d9";
  static final Function<String, String> ENV = Map.of("OPENAI_API_KEY", KEY, "EMPTY", " ")::get;

  /** The example, which must load. */
  static final String EXAMPLE = """
      agents:
        - id: writer-a
          kind: text
          provider: openai          # any OpenAI-compatible chat-completions endpoint
          baseUrl: http://127.0.0.1:8081/v1
          model: small-model
          apiKeyEnv: OPENAI_API_KEY
          concurrency: 4
        - id: writer-b
          kind: text
          provider: ollama
          baseUrl: http://127.0.0.1:11434
          model: llama3
      """;

  static List<ProviderAgentConfig> parse(String yaml) {
    return AgentsFile.parse(yaml, "agents.yaml", ENV);
  }

  static AbstractThrowableAssert<?, ? extends Throwable> refused(String yaml) {
    return assertThatThrownBy(() -> parse(yaml)).isInstanceOf(InvalidWorkflowException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(KEY).startsWith("agents.yaml: "));
  }

  /** The example with one line of the second agent replaced (or removed, with an empty replacement). */
  static String second(String line, String replacement) {
    String agentB = EXAMPLE.substring(EXAMPLE.indexOf("  - id: writer-b"));
    return EXAMPLE.replace(agentB, agentB.replace(line + "\n", replacement.isEmpty() ? "" : replacement + "\n"));
  }

  @Test
  void loadsTheExample() {
    var agents = parse(EXAMPLE);
    assertThat(agents).hasSize(2);
    var a = agents.get(0);
    assertThat(a.spec().id()).isEqualTo("writer-a");
    assertThat(a.spec().kind()).isEqualTo("text");
    assertThat(a.spec().concurrency()).isEqualTo(4);
    assertThat(a.spec().capabilities()).containsEntry("provider", "openai").containsEntry("model", "small-model");
    assertThat(a.spec().provider()).isEqualTo("openai");
    assertThat(a.quotaGroup()).isEqualTo("127.0.0.1:8081");
    assertThat(a.healthKey()).isEqualTo("127.0.0.1:8081/small-model");
    assertThat(a.provider()).isEqualTo(ProviderType.OPENAI);
    assertThat(a.baseUrl()).hasToString("http://127.0.0.1:8081/v1");
    assertThat(a.apiKey().orElseThrow().reveal()).isEqualTo(KEY);
    assertThat(a.timeout()).isEqualTo(ProviderAgentConfig.DEFAULT_TIMEOUT);
    assertThat(a.checkpointEveryTokens()).isEmpty(); // the engine's suggested interval alone decides
    var b = agents.get(1);
    assertThat(b.provider()).isEqualTo(ProviderType.OLLAMA);
    assertThat(b.apiKey()).isEmpty();
    assertThat(b.quotaGroup()).isEqualTo("127.0.0.1:11434");
    assertThat(b.spec().concurrency()).isEqualTo(1);
    assertThat(agents.toString()).doesNotContain(KEY);
  }

  @Test
  void loadsEveryOptionalFieldAndAnImageAgent(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("agents.json");
    Files.writeString(file, """
        {"agents": [
          {"id": "writer", "provider": "openai", "baseUrl": "https://api.example.com/v1/", "model": "gpt-x",
           "capabilities": {"lang": "en", "tier": 2}, "costPerCall": 0.01, "costPerToken": 0.000002,
           "timeout": "20s", "idleTimeout": "5s", "maxTokens": 800, "temperature": 0.7, "checkpointEveryTokens": 64},
          {"id": "painter", "provider": "openai-images", "baseUrl": "https://api.example.com/v1", "model": "img-1",
           "kind": "illustration", "size": "512x512", "apiKeyEnv": "OPENAI_API_KEY"}
        ]}
        """);
    var agents = AgentsFile.load(file, ENV);
    var writer = agents.get(0);
    assertThat(writer.baseUrl()).hasToString("https://api.example.com/v1");
    assertThat(writer.spec().capabilities()).containsEntry("lang", "en").containsEntry("tier", "2");
    assertThat(writer.spec().costPerCall()).isEqualTo(0.01);
    assertThat(writer.costPerToken()).isEqualTo(0.000002);
    assertThat(writer.spec().costPerToken()).as("the engine prices the agent as it charges").isEqualTo(0.000002);
    assertThat(writer.timeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(writer.idleTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(writer.maxTokens()).hasValue(800);
    assertThat(writer.temperature()).hasValue(0.7);
    assertThat(writer.checkpointEveryTokens()).hasValue(64);
    var painter = agents.get(1);
    assertThat(painter.spec().kind()).isEqualTo("illustration");
    assertThat(painter.size()).contains("512x512");
  }

  @Test
  void anUnknownProviderIsRefusedWithTheKnownOnes() {
    refused(second("    provider: ollama", "    provider: olama")).hasMessage(
        "agents.yaml: agents[1].provider: agent 'writer-b': unknown provider 'olama' (did you mean ollama?);"
            + " known: openai, ollama, openai-images (line 11, column 5)");
    refused(second("    provider: ollama", "    provider: bedrock")).hasMessageContaining(
        "unknown provider 'bedrock'; known: openai, ollama, openai-images");
  }

  @Test
  void aMissingBaseUrlNamesTheAgentAndTheField() {
    refused(second("    baseUrl: http://127.0.0.1:11434", ""))
        .hasMessage("agents.yaml: agents[1].baseUrl: agent 'writer-b': is required (line 9, column 5)");
  }

  @Test
  void aMalformedBaseUrlIsRefused() {
    refused(second("    baseUrl: http://127.0.0.1:11434", "    baseUrl: http://127.0.0.1:11434 /v1"))
        .hasMessageContaining("agents[1].baseUrl: agent 'writer-b': 'http://127.0.0.1:11434 /v1' is not a URL");
    refused(second("    baseUrl: http://127.0.0.1:11434", "    baseUrl: localhost:11434"))
        .hasMessageContaining("must be an http or https URL such as http://127.0.0.1:11434, was 'localhost:11434'");
    refused(second("    baseUrl: http://127.0.0.1:11434", "    baseUrl: ftp://models.example/x"))
        .hasMessageContaining("must be an http or https URL");
    refused(second("    baseUrl: http://127.0.0.1:11434", "    baseUrl: http://127.0.0.1:11434/?key=1"))
        .hasMessageContaining("must not have a query or fragment");
  }

  @Test
  void credentialsInABaseUrlAreRefusedWithoutBeingEchoed() {
    refused(second("    baseUrl: http://127.0.0.1:11434", "    baseUrl: http://admin:hunter2@127.0.0.1:11434"))
        .hasMessageContaining("agents[1].baseUrl: agent 'writer-b': must not hold credentials")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
  }

  @Test
  void anApiKeyEnvThatIsNotSetIsRefusedBeforeAnythingRuns() {
    refused(second("    model: llama3", "    model: llama3\n    apiKeyEnv: OLLAMA_TOKEN"))
        .hasMessage("agents.yaml: agents[1].apiKeyEnv: agent 'writer-b': environment variable OLLAMA_TOKEN is not set"
            + " (line 14, column 5)");
    refused(second("    model: llama3", "    model: llama3\n    apiKeyEnv: EMPTY"))
        .hasMessageContaining("environment variable EMPTY is empty");
    refused(second("    model: llama3", "    model: llama3\n    apiKeyEnv: sk-abc.def"))
        .hasMessageContaining("apiKeyEnv: agent 'writer-b': must name an environment variable");
  }

  @Test
  void duplicateIdsAreRefused() {
    refused(second("  - id: writer-b", "  - id: writer-a"))
        .hasMessage("agents.yaml: agents[1].id: agent 'writer-a': is declared twice (also agents[0]) (line 9, column 5)");
  }

  @Test
  void unknownKeysAreRefusedWithASuggestion() {
    refused(second("    model: llama3", "    modle: llama3")).hasMessage(
        "agents.yaml: agents[1].modle: agent 'writer-b': unknown field (did you mean model?) (line 13, column 5)");
    refused(second("    model: llama3", "    model: llama3\n    base_url: x"))
        .hasMessageContaining("agents[1].base_url: agent 'writer-b': unknown field (did you mean baseUrl?)");
    refused(second("    model: llama3", "    model: llama3\n    flavour: mild"))
        .hasMessageContaining("unknown field (known fields: id, kind, provider, baseUrl, model, apiKeyEnv,");
    refused("agent:\n  - id: x\n").hasMessageContaining("agents.yaml: agent: unknown field (did you mean agents?)");
  }

  @Test
  void requiredFieldsAreRequired() {
    refused(second("  - id: writer-b", "  - concurrency: 1"))
        .hasMessageContaining("agents[1].id: is required");
    refused(second("    provider: ollama", "")).hasMessageContaining("agents[1].provider: agent 'writer-b': is required");
    refused(second("    model: llama3", "")).hasMessageContaining("agents[1].model: agent 'writer-b': is required");
    refused("agents: []\n").hasMessageContaining("agents.yaml: agents: must list at least one agent");
    refused("").hasMessageContaining("agents.yaml: an agents file must be a map with fields agents");
  }

  @Test
  void valuesAreChecked() {
    refused(second("    model: llama3", "    model: llama3\n    concurrency: 0"))
        .hasMessageContaining("agents[1].concurrency: agent 'writer-b': must be an integer in [1, 1024], was 0");
    refused(second("    model: llama3", "    model: llama3\n    temperature: 3"))
        .hasMessageContaining("agents[1].temperature: agent 'writer-b': must be a number in [0.0, 2.0], was 3");
    refused(second("    model: llama3", "    model: llama3\n    timeout: 60x"))
        .hasMessageContaining("agents[1].timeout: agent 'writer-b': '60x' is not a duration");
    refused(second("    model: llama3", "    model: llama3\n    costPerToken: -1"))
        .hasMessageContaining("agents[1].costPerToken: agent 'writer-b': must be a number in [0.0");
    refused(second("  - id: writer-b", "  - id: writer b"))
        .hasMessageContaining("agents[1].id: agent 'writer b': must match");
    refused(second("    kind: text", "    kind: [text]"))
        .hasMessageContaining("agents[1].kind: agent 'writer-b': must be a non-empty string, was a list");
  }

  @Test
  void providerAndModelAreCapabilitiesThatOnlyTheirFieldsSet() {
    refused(second("    model: llama3", "    model: llama3\n    capabilities: {model: big}"))
        .hasMessageContaining("agents[1].capabilities.model: agent 'writer-b': is set by the agent's model field");
    refused(second("    model: llama3", "    model: llama3\n    capabilities: {quotaGroup: g}"))
        .hasMessageContaining("agents[1].capabilities.quotaGroup: agent 'writer-b': is set by the agent's quotaGroup field");
  }

  @Test
  void aQuotaGroupNamedInTheFileJoinsAgentsAtDifferentEndpoints() {
    var agents = parse(EXAMPLE.replace("    model: llama3", "    model: llama3\n    quotaGroup: acme-org")
        .replace("    model: small-model", "    model: small-model\n    quotaGroup: acme-org"));
    assertThat(agents).extracting(ProviderAgentConfig::quotaGroup).containsExactly("acme-org", "acme-org");
    assertThat(agents.get(0).spec().capabilities()).containsEntry("quotaGroup", "acme-org");
    assertThat(agents).extracting(ProviderAgentConfig::healthKey)
        .containsExactly("acme-org/small-model", "acme-org/llama3");
    refused(second("    model: llama3", "    model: llama3\n    quotaGroup: \" \""))
        .hasMessageContaining("agents[1].quotaGroup: agent 'writer-b': must be a non-empty string, was ' '");
    refused(second("    model: llama3", "    model: llama3\n    quotaGroup: " + "g".repeat(129)))
        .hasMessageContaining("agents[1].quotaGroup: agent 'writer-b': must be at most 128 characters, was 129");
  }

  @Test
  void optionsOfAnotherProviderKindAreRefused() {
    refused(second("    model: llama3", "    model: llama3\n    size: 512x512"))
        .hasMessageContaining("agents[1].size: agent 'writer-b': does not apply to provider ollama");
    refused("""
        agents:
          - {id: p, provider: openai-images, baseUrl: "http://h/v1", model: m, maxTokens: 10}
        """).hasMessageContaining("agents[0].maxTokens: agent 'p': does not apply to provider openai-images");
    refused("""
        agents:
          - {id: p, provider: openai-images, baseUrl: "http://h/v1", model: m, size: big}
        """).hasMessageContaining("agents[0].size: agent 'p': must look like 1024x1024, was 'big'");
  }

  @Test
  void aFileThatCannotBeReadSaysSo(@TempDir Path dir) {
    assertThatThrownBy(() -> AgentsFile.load(dir.resolve("missing.yaml"), ENV))
        .hasMessage(dir.resolve("missing.yaml") + ": cannot be read: no such file");
  }

  @Test
  void syntaxErrorsAndDuplicateKeysHaveTheirLine() {
    refused("agents:\n  - id: a\n    id: b\n").hasMessageContaining("agents[0].id: duplicate key").hasMessageContaining("line 3");
    refused("agents: [\n").hasMessageContaining("not valid YAML");
  }
}
