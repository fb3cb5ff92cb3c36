package io.lifeline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.lifeline.store.Budget;
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

  /** What the fake server reports as the usage of every successful chat answer. */
  static final int PROMPT_TOKENS = 31;
  static final int COMPLETION_TOKENS = 7;

  /** A workflow budget in the file format: the writer's 38 tokens cost 0.038, the painter's image 0.04. */
  static final String BUDGET = """
      budget:
        maxAttempts: 12
        maxTokens: 20000
        maxCost: 0.5
        lowAt: 0.2
      """;

  /** Steps gated by heuristics with their own settings ({@code %s}: each step's heuristic block). */
  static final String HEADLINES = """
      name: headlines
      inputs: [topic]
      steps:
        - id: headline
          kind: text
          prompt: "A headline about {{topic}}"
          retries: 1
          quality: {evaluator: heuristic, minScore: 0.5%s}
        - id: subtitle
          kind: text
          prompt: "A subtitle about {{topic}}"
          retries: 1
          quality: {evaluators: [heuristic], minScore: 0.5%s}
      """;

  @TempDir Path dir;
  HttpServer server;
  final AtomicInteger chatFailures = new AtomicInteger();
  /** The chat answer the fake streams, token by token. */
  volatile String[] answer = {"1.", " Why", " tides", " happen.", "\n2.", " The", " moon."};
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

  /**
   * Fails the first {@code chatFailures} calls with a 503, then streams a short outline and reports
   * its usage as {@link #PROMPT_TOKENS} + {@link #COMPLETION_TOKENS}.
   */
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
      for (String token : answer) {
        out.write(("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":"
            + "[{\"index\":0,\"delta\":{\"content\":" + new ObjectMapper().writeValueAsString(token)
            + "},\"finish_reason\":null}]}\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
      out.write(("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":"
          + "[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
          + "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[],"
          + "\"usage\":{\"prompt_tokens\":" + PROMPT_TOKENS + ",\"completion_tokens\":" + COMPLETION_TOKENS
          + ",\"total_tokens\":" + (PROMPT_TOKENS + COMPLETION_TOKENS) + "}}\n\ndata: [DONE]\n\n").getBytes(StandardCharsets.UTF_8));
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

  /** Writes {@link #HEADLINES} with these heuristic blocks for its two steps. */
  void headlines(String headline, String subtitle) throws IOException {
    files(agents());
    Files.writeString(dir.resolve("article.yaml"), HEADLINES.formatted(headline, subtitle));
  }

  /** Issue 4 item 3: every run used 50..5000 words, so no short step could pass a heuristic gate. */
  @Test
  void shortStepsPassTheHeuristicGateWithTheirOwnBounds() throws Exception {
    answer = new String[] {"Why", " the", " moon", " pulls", " the", " tides"};
    headlines(", heuristic: {minWords: 3, maxWords: 12}", ", heuristic: {maxWords: 20}");

    int code = run("--input", "topic=tides", "--job-id", "short");

    String out = stdout.toString(StandardCharsets.UTF_8);
    assertThat(code).as(out + stderr).isZero();
    assertThat(out).contains("done      headline#1 on writer", "done      subtitle#1 on writer", "job short SUCCEEDED");
    try (var store = SqliteStore.open(dir.resolve("data"))) {
      // One instance per setting, each named by it in the history.
      assertThat(store.history("short")).filteredOn(e -> e.type().equals("QualityScored")).extracting(e -> e.json())
          .anySatisfy(json -> assertThat(json).contains("heuristic:words=3..12"))
          .anySatisfy(json -> assertThat(json).contains("heuristic:words=1..20"));
    }
  }

  @Test
  void withTheDefaultBoundsAShortStepIsRejectedAsTooShort() throws Exception {
    answer = new String[] {"Why", " the", " moon", " pulls", " the", " tides"};
    headlines("", "");

    assertThat(run("--input", "topic=tides")).isEqualTo(1);
    assertThat(stdout.toString(StandardCharsets.UTF_8)).contains("LOW_QUALITY", "too short: 6 words under 50");
  }

  @Test
  void aStepThatMustBeInEnglishRejectsAFrenchAnswerAsLowQuality() throws Exception {
    answer = new String[] {"Mozart est un compositeur de la musique classique.", " Il est né à Salzbourg en 1756",
        " et il a écrit des symphonies, des opéras et de la musique pour le piano.",
        " Sa musique est jouée dans le monde entier."};
    headlines(", heuristic: {minWords: 5, maxWords: 200, language: en}", ", heuristic: {maxWords: 200}");
    Path json = dir.resolve("run.json");

    int code = run("--input", "topic=Mozart", "--job-id", "french", "--json", json.toString());

    String out = stdout.toString(StandardCharsets.UTF_8);
    assertThat(code).as(out + stderr).isEqualTo(1);
    assertThat(out).contains("fault     headline#1 on writer: LOW_QUALITY", "language fr, expected en",
        // One agent only: re-asking it the same prompt would spend attempts on the same answer.
        "LOW_QUALITY: no other agent, model or fallback variant can run step 'headline'");
    JsonNode report = new ObjectMapper().readTree(json.toFile());
    assertThat(report.get("faults").get(0).get("kind").asText()).isEqualTo("LOW_QUALITY");
    assertThat(report.get("faults").get(0).get("message").asText()).contains("heuristic:words=5..200,language=en");
  }

  @Test
  void badHeuristicSettingsAreRefusedWithTheirLineBeforeAnythingIsWritten() throws Exception {
    headlines(", heuristic: {maxWords: 12, language: english}", "");

    assertThat(run("--input", "topic=tides")).isEqualTo(2);
    assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("article.yaml: steps[0].quality.heuristic:"
        + " language must be one of de, en, es, fr, it, ja, ko, zh, was 'english' (line 8, column 52)");
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

  @Test
  void aFallbackNoAgentCanRunIsRefusedBeforeAnythingIsWritten() throws Exception {
    files(agents());
    Files.writeString(dir.resolve("article.yaml"), WORKFLOW.replace("    retries: 2\n",
        "    retries: 2\n    fallbacks:\n      - {name: tiny, select: {model: tiny-model}}\n"));
    assertThat(run("--input", "topic=tides")).isEqualTo(2);
    assertThat(stderr.toString(StandardCharsets.UTF_8)).contains(
        "step 'outline' fallback 'tiny' needs an agent of kind 'text' with {model=tiny-model}");
    assertThat(dir.resolve("data")).doesNotExist();
  }

  /** The workflow file with the budget block after its inputs. */
  void workflowWithBudget(String budget) throws IOException {
    Files.writeString(dir.resolve("article.yaml"), WORKFLOW.replace("inputs: [topic]\n", "inputs: [topic]\n" + budget));
  }

  @Test
  void aJobThatSpendsItsTokenBudgetDeadLettersWithBudgetExhaustedHavingSpentWhatTheProviderReported() throws Exception {
    files(agents());
    workflowWithBudget(BUDGET);
    Path json = dir.resolve("run.json");

    int code = run("--input", "topic=tides", "--max-tokens", "30", "--job-id", "tight", "--json", json.toString());

    String out = stdout.toString(StandardCharsets.UTF_8);
    assertThat(code).as(out + stderr).isEqualTo(1);
    // The outline's 38 tokens (31 in, 7 out, as the fake reported them) spend the 30 allowed: the
    // cover never starts.
    assertThat(out).contains("done      outline#1 on writer", "job tight FAILED",
        "1 attempts, 38 tokens, cost 0.0380 (budget 12 attempts, 30 tokens, cost 0.5000)",
        "reason: step 'cover': BUDGET_EXHAUSTED: token budget of 30 spent (38)");
    JsonNode report = new ObjectMapper().readTree(json.toFile());
    assertThat(report.get("state").asText()).isEqualTo("FAILED");
    assertThat(report.get("tokens").asLong()).isEqualTo(38);
    assertThat(report.get("budget").get("max_tokens").asLong()).isEqualTo(30);
    assertThat(report.get("steps").get("cover").get("attempts").asInt()).isZero();
    try (var store = SqliteStore.open(dir.resolve("data"))) {
      var job = store.job("tight").orElseThrow();
      assertThat(job.tokensUsed()).isEqualTo(38);
      // The workflow's budget, with the command line's token limit.
      assertThat(job.budget()).isEqualTo(new Budget(12, 30, 0.5, 0.2));
    }
  }

  @Test
  void theWorkflowsBudgetIsTheJobsAndMaxCostOverridesItsCostLimit() throws Exception {
    files(agents());
    workflowWithBudget(BUDGET);

    assertThat(run("--input", "topic=tides", "--job-id", "roomy")).isZero();
    assertThat(run("--input", "topic=tides", "--job-id", "dear", "--max-cost", "0.03")).isEqualTo(1);

    assertThat(stdout.toString(StandardCharsets.UTF_8))
        .contains("reason: step 'cover': BUDGET_EXHAUSTED: cost budget of 0.03 spent");
    try (var store = SqliteStore.open(dir.resolve("data"))) {
      assertThat(store.job("roomy").orElseThrow().budget()).isEqualTo(new Budget(12, 20_000, 0.5, 0.2));
      assertThat(store.job("roomy").orElseThrow().costUsed()).isCloseTo(0.038 + 0.04, within(1e-9));
      assertThat(store.job("dear").orElseThrow().budget()).isEqualTo(new Budget(12, 20_000, 0.03, 0.2));
    }
  }

  @Test
  void aBadBudgetOnTheCommandLineOrInTheWorkflowIsRefusedBeforeAnythingIsWritten() throws Exception {
    files(agents());
    assertThat(run("--input", "topic=tides", "--max-tokens", "-5")).isEqualTo(2);
    assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("--max-tokens: budget.maxTokens must be >= 0, was -5");

    stderr.reset();
    assertThat(run("--input", "topic=tides", "--max-cost", "NaN")).isEqualTo(2);
    assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("--max-cost: budget.maxCost must be >= 0, was NaN");

    stderr.reset();
    workflowWithBudget("budget:\n  maxTokens: 20000\n  lowAt: 2\n");
    assertThat(run("--input", "topic=tides")).isEqualTo(2);
    assertThat(stderr.toString(StandardCharsets.UTF_8))
        .contains("article.yaml: budget.lowAt: must be a number from 0 to 1, was 2 (line 5, column 3)");

    assertThat(dir.resolve("data")).doesNotExist();
  }
}
