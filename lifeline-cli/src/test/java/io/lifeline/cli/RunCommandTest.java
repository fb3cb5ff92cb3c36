package io.lifeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.lifeline.store.jdbc.SqliteStore;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lifeline run} end to end against a fake OpenAI-compatible server (chat completions
 * streamed as SSE, and image generation) on loopback.
 */
@Timeout(60)
class RunCommandTest {

  static final String WORKFLOW = """
      name: article
      inputs: [topic]
      steps:
        - id: outline
          kind: text
          prompt: "Outline an article about {{topic}}"
          retries: 2
          backoff: 10ms
        - id: cover
          kind: image
          after: [outline]
          prompt: "A cover for {{topic}}"
      """;

  @TempDir Path dir;
  HttpServer server;
  final AtomicInteger chatFailures = new AtomicInteger();
  final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
  PrintStream originalOut;
  PrintStream originalErr;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/chat/completions", this::chat);
    server.createContext("/v1/images/generations", RunCommandTest::image);
    server.start();
    originalOut = System.out;
    originalErr = System.err;
    System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() {
    System.setOut(originalOut);
    System.setErr(originalErr);
    server.stop(0);
  }

  /** Fails the first {@code chatFailures} calls with a 503, then streams a short outline. */
  private void chat(HttpExchange exchange) throws IOException {
    exchange.getRequestBody().readAllBytes();
    if (chatFailures.getAndDecrement() > 0) {
      byte[] body = "{\"error\":{\"message\":\"upstream unavailable\"}}".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(503, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
      return;
    }
    exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
    exchange.sendResponseHeaders(200, 0);
    try (var out = exchange.getResponseBody()) {
      for (String token : new String[] {"1.", " Why", " tides", " happen.", "\n2.", " The", " moon."}) {
        out.write(("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":"
            + "[{\"index\":0,\"delta\":{\"content\":" + new ObjectMapper().writeValueAsString(token)
            + "},\"finish_reason\":null}]}\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
      out.write(("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":"
          + "[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n").getBytes(StandardCharsets.UTF_8));
    }
  }

  private static void image(HttpExchange exchange) throws IOException {
    exchange.getRequestBody().readAllBytes();
    var png = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png", png);
    byte[] body = ("{\"data\":[{\"b64_json\":\"" + Base64.getEncoder().encodeToString(png.toByteArray()) + "\"}]}")
        .getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  Path files(String agents) throws IOException {
    Files.writeString(dir.resolve("article.yaml"), WORKFLOW);
    return Files.writeString(dir.resolve("agents.yaml"), agents);
  }

  String agents() {
    String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    return """
        agents:
          - id: writer
            provider: openai
            baseUrl: %s
            model: small-model
            costPerToken: 0.001
          - id: painter
            provider: openai-images
            baseUrl: %s
            model: img-1
            costPerCall: 0.04
        """.formatted(base, base);
  }

  int run(String... extra) {
    var args = new java.util.ArrayList<>(java.util.List.of("run", dir.resolve("article.yaml").toString(),
        "--agents", dir.resolve("agents.yaml").toString(), "--data-dir", dir.resolve("data").toString()));
    args.addAll(java.util.List.of(extra));
    return Main.run(args.toArray(String[]::new));
  }

  @Test
  void runsAJobToItsEndAndReportsItsOutputs() throws Exception {
    chatFailures.set(1);
    files(agents());
    Path json = dir.resolve("out/run.json");

    int code = run("--input", "topic=tides", "--json", json.toString(), "--job-id", "tides-1");

    String out = stdout.toString(StandardCharsets.UTF_8);
    assertThat(code).as(out + stderr).isZero();
    assertThat(out).contains("job tides-1 submitted", "fault     outline#1 on writer: TRANSIENT HTTP 503",
        "recovery  outline: Retry writer", "done      outline#2 on writer", "job tides-1 SUCCEEDED");
    JsonNode report = new ObjectMapper().readTree(json.toFile());
    assertThat(report.get("job_id").asText()).isEqualTo("tides-1");
    assertThat(report.get("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(report.get("attempts").asInt()).isEqualTo(3);
    assertThat(report.get("faults").get(0).get("kind").asText()).isEqualTo("TRANSIENT");
    JsonNode outline = report.get("outputs").get("outline");
    assertThat(outline.get("media_type").asText()).isEqualTo("text/markdown");
    assertThat(outline.get("preview").asText()).isEqualTo("1. Why tides happen. 2. The moon.");
    assertThat(outline.get("agent").asText()).isEqualTo("writer");
    JsonNode cover = report.get("outputs").get("cover");
    assertThat(cover.get("media_type").asText()).isEqualTo("image/png");
    Path png = Path.of(cover.get("file").asText());
    assertThat(png).startsWith(dir.resolve("data")).hasExtension("png");
    assertThat(Files.readAllBytes(png)).hasSize(cover.get("bytes").asInt()).startsWith(0x89, 'P', 'N', 'G');

    // Running again with the same job id reports the finished job without calling anyone.
    stdout.reset();
    assertThat(run("--input", "topic=tides", "--job-id", "tides-1")).isZero();
    assertThat(stdout.toString(StandardCharsets.UTF_8)).contains("job tides-1 SUCCEEDED").doesNotContain("done ");
  }

  @Test
  void aStyleJudgeWhoseReferenceIsMissingIsRefusedBeforeTheJobStarts() throws Exception {
    files(agents());
    Files.writeString(dir.resolve("article.yaml"), WORKFLOW.replace("    retries: 2\n",
        "    retries: 2\n    quality: {evaluators: [\"style:house-style.md\"], minScore: 0.5}\n"));
    int code = run("--input", "topic=tides");
    assertThat(code).isEqualTo(2);
    assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("step 'outline': quality evaluator 'style:house-style.md':",
        "cannot read the reference");
    assertThat(dir.resolve("data")).doesNotExist();
  }

  @Test
  void aJudgeThatIsNotInTheAgentsFileOrAnUnknownEvaluatorIsRefusedBeforeAnythingIsWritten() throws Exception {
    files(agents());
    Files.writeString(dir.resolve("article.yaml"), WORKFLOW.replace("    retries: 2\n",
        "    retries: 2\n    quality: {evaluators: [heuristic, \"judge:critic\"], quorum: 1, minScore: 0.5}\n"));
    assertThat(run("--input", "topic=tides")).isEqualTo(2);
    assertThat(stderr.toString(StandardCharsets.UTF_8)).contains(
        "step 'outline': quality evaluator 'judge:critic': no agent 'critic' in the agents file; it has writer, painter");

    stderr.reset();
    Files.writeString(dir.resolve("article.yaml"), WORKFLOW.replace("    retries: 2\n",
        "    retries: 2\n    quality: {evaluators: [heuristc], minScore: 0.5}\n"));
    assertThat(run("--input", "topic=tides")).isEqualTo(2);
    assertThat(stderr.toString(StandardCharsets.UTF_8)).contains(
        "step 'outline': quality evaluator 'heuristc': is unknown; use heuristic, relevance, judge:AGENT or style:FILE");
    assertThat(dir.resolve("data")).doesNotExist();
  }

  @Test
  void aSafetyPolicyMarksBlockedOutputsUnsafeAndTheJobDeadLettersWithTheReason() throws Exception {
    files(agents());
    Path policy = Files.writeString(dir.resolve("safety.yaml"), "blocklist: [moon]\npatterns: {ssn: '\\d{3}-\\d{2}-\\d{4}'}\n");

    assertThat(run("--input", "topic=tides", "--safety", policy.toString())).isEqualTo(1);
    String out = stdout.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("fault     outline#1 on writer: UNSAFE blocked term 'moon'", "FAILED",
        "fallback chain exhausted after UNSAFE: blocked term 'moon'");
  }

  @Test
  void aBadSafetyPolicyIsRefusedBeforeAnythingIsWritten() throws Exception {
    files(agents());
    Path policy = Files.writeString(dir.resolve("safety.yaml"), "blocklist: [moon]\npatterns: {card: '[0-9'}\n");
    assertThat(run("--input", "topic=tides", "--safety", policy.toString())).isEqualTo(2);
    assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("safety.yaml: patterns.card: not a valid regular expression");
    assertThat(dir.resolve("data")).doesNotExist();
  }

  @Test
  void aJobThatDeadLettersExitsWithOne() throws Exception {
    chatFailures.set(100);
    files(agents());
    assertThat(run("--input", "topic=tides")).isEqualTo(1);
    assertThat(stdout.toString(StandardCharsets.UTF_8)).contains("FAILED", "reason: step 'outline'");
  }

  @Test
  void aBadAgentsFileIsRefusedBeforeAnythingIsWritten() throws Exception {
    files(agents().replace("provider: openai\n", "provider: opneai\n"));
    assertThat(run("--input", "topic=tides")).isEqualTo(2);
    assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("agents.yaml: agents[0].provider: agent 'writer':"
        + " unknown provider 'opneai' (did you mean openai?); known: openai, ollama, openai-images");
    assertThat(dir.resolve("data")).doesNotExist();
  }

  @Test
  void aMissingInputOrAStepNoAgentCanRunIsRefusedBeforeAnythingIsWritten() throws Exception {
    files(agents());
    assertThat(run()).isEqualTo(2);
    assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("--input:", "topic");

    stderr.reset();
    files(agents().substring(0, agents().indexOf("  - id: painter")));
    assertThat(run("--input", "topic=tides")).isEqualTo(2);
    assertThat(stderr.toString(StandardCharsets.UTF_8))
        .contains("step 'cover' needs an agent of kind 'image'", "it has writer (text, openai/small-model)");
    assertThat(dir.resolve("data").resolve(SqliteStore.FILE_NAME)).doesNotExist();
  }
}
