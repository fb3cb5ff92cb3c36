package io.lifeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * API keys come from the environment and never appear anywhere else: a real {@code lifeline run}
 * process, with keys in its environment, meets providers that echo the key back in their errors
 * (as OpenAI does for a bad key). Neither key may reach the console, the JSON report, the history
 * or any byte of the data directory, while both providers do receive theirs as a bearer token.
 */
@Timeout(90)
class ApiKeyLeakTest {

  static final String OPENAI_KEY = "sk-test-0a1b2c3d4e5f6a7b";
  static final String OLLAMA_KEY = "ol-test-9f8e7d6c5b4a";

  @TempDir Path dir;
  HttpServer server;
  final AtomicInteger openAiCalls = new AtomicInteger();
  final List<String> authorizations = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/chat/completions", this::openAi);
    server.createContext("/api/chat", this::ollama);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  /** First a 500 that quotes the request's key, then a short streamed answer. */
  private void openAi(HttpExchange exchange) throws IOException {
    exchange.getRequestBody().readAllBytes();
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    authorizations.add("openai " + authorization);
    if (openAiCalls.getAndIncrement() == 0) {
      send(exchange, 500, "application/json", "{\"error\":{\"message\":\"upstream rejected " + authorization + "\"}}");
      return;
    }
    send(exchange, 200, "text/event-stream", "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,"
        + "\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Tides follow the moon.\"},"
        + "\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");
  }

  /** Always a 500 that quotes the bearer token it was sent. */
  private void ollama(HttpExchange exchange) throws IOException {
    exchange.getRequestBody().readAllBytes();
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    authorizations.add("ollama " + authorization);
    send(exchange, 500, "application/json", "{\"error\":\"model crashed while serving " + authorization + "\"}");
  }

  private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @Test
  void keysReachTheProvidersAndNothingElse() throws Exception {
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    Files.writeString(dir.resolve("article.yaml"), """
        name: article
        inputs: [topic]
        steps:
          - id: draft
            kind: text
            prompt: "Write about {{topic}}"
            retries: 3
            sameAgentRetries: 0
            backoff: 10ms
        """);
    Files.writeString(dir.resolve("agents.yaml"), """
        agents:
          - {id: writer-a, provider: openai, baseUrl: "%s/v1", model: m, apiKeyEnv: LIFELINE_TEST_OPENAI_KEY}
          - {id: writer-b, provider: ollama, baseUrl: "%s", model: llama3, apiKeyEnv: LIFELINE_TEST_OLLAMA_KEY}
        """.formatted(base, base));
    Path data = dir.resolve("data");
    Path json = dir.resolve("run.json");

    String run = lifeline(List.of("run", dir.resolve("article.yaml").toString(), "--agents",
        dir.resolve("agents.yaml").toString(), "--input", "topic=tides", "--data-dir", data.toString(),
        "--job-id", "job-1", "--json", json.toString()));
    String history = lifeline(List.of("history", "job-1", "--data-dir", data.toString(), "--json"));

    assertThat(run).contains("fault     draft#1 on writer-a: TRANSIENT", "fault     draft#2 on writer-b: TRANSIENT",
        "job job-1 SUCCEEDED");
    assertThat(authorizations).containsExactly("openai Bearer " + OPENAI_KEY, "ollama Bearer " + OLLAMA_KEY,
        "openai Bearer " + OPENAI_KEY);
    assertThat(history).contains("upstream rejected Bearer ***", "model crashed while serving Bearer ***");
    for (String text : List.of(run, history, Files.readString(json))) {
      assertThat(text).doesNotContain(OPENAI_KEY, OLLAMA_KEY);
    }
    try (Stream<Path> files = Files.walk(data)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        assertThat(bytes).as(file.toString()).doesNotContain(OPENAI_KEY, OLLAMA_KEY);
      }
    }
  }

  /** Runs the command line in a child JVM whose environment holds the two keys; returns its output. */
  private static String lifeline(List<String> args) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    var command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(args);
    var builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("LIFELINE_TEST_OPENAI_KEY", OPENAI_KEY);
    builder.environment().put("LIFELINE_TEST_OLLAMA_KEY", OLLAMA_KEY);
    var process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return output;
  }
}
