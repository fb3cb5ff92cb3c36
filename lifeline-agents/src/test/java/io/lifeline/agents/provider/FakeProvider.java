package io.lifeline.agents.provider;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okio.BufferedSink;

/**
 * A fake model provider on loopback: OpenAI-compatible chat completions (SSE), Ollama's chat
 * (NDJSON) or OpenAI-compatible images, answering from a script — one answer per request, in
 * order, then a 500 for any request the test did not expect. Streams are written token by token with a flush after each, so the
 * client sees them arrive as a real provider sends them; a stream can hang after some tokens (it
 * waits until the fake is closed) or be cut (the connection is closed mid-body).
 */
final class FakeProvider implements AutoCloseable {

  enum Flavor { OPENAI, OLLAMA, IMAGES }

  /** The longest a hung stream waits: far beyond any test's timeouts, so only close() ends it. */
  private static final long HANG_LIMIT_SECONDS = 60;
  /** How often a cut waiting for the client to read its tokens looks again. */
  private static final long POLL_MILLIS = 5;

  final Flavor flavor;
  private final MockWebServer server = new MockWebServer();
  private final ConcurrentLinkedDeque<MockResponse> script = new ConcurrentLinkedDeque<>();
  private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
  private final CountDownLatch closed = new CountDownLatch(1);

  private FakeProvider(Flavor flavor) {
    this.flavor = flavor;
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        requests.add(request);
        var next = script.poll();
        return next != null ? next : error(500, "{\"error\":{\"message\":\"unscripted request\"}}");
      }
    });
    try {
      server.start(java.net.InetAddress.getLoopbackAddress(), 0);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static FakeProvider openAi() {
    return new FakeProvider(Flavor.OPENAI);
  }

  static FakeProvider ollama() {
    return new FakeProvider(Flavor.OLLAMA);
  }

  static FakeProvider images() {
    return new FakeProvider(Flavor.IMAGES);
  }

  String baseUrl() {
    String root = server.url("/").toString();
    return flavor == Flavor.OLLAMA ? root.substring(0, root.length() - 1) : root + "v1";
  }

  /** Answers the next request with {@code response}. */
  FakeProvider then(MockResponse response) {
    script.add(response);
    return this;
  }

  List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  /** The request bodies, as text. */
  List<String> bodies() {
    return requests.stream().map(r -> r.getBody() == null ? "" : r.getBody().utf8()).toList();
  }

  // ------------------------------------------------------------------ answers

  /** A complete streamed answer. */
  MockResponse answer(List<String> tokens, String finishReason) {
    return streamed(tokens, finishReason, Ending.COMPLETE, Duration.ZERO);
  }

  MockResponse answer(String text) {
    return answer(tokens(text), "stop");
  }

  /** An answer whose first token comes only after {@code delay}. */
  MockResponse slowAnswer(String text, Duration delay) {
    return streamed(tokens(text), "stop", Ending.COMPLETE, delay);
  }

  /** Sends {@code tokens}, then nothing more while the connection stays open. */
  MockResponse hangAfter(List<String> tokens) {
    return streamed(tokens, null, Ending.HANG, Duration.ZERO);
  }

  /**
   * Sends {@code tokens}, waits until {@code consumed} holds, then closes the connection in the
   * middle of the body. The wait makes the test deterministic: the JDK client drops data it
   * received but was not yet read when it sees the connection fail, as a real client would.
   */
  MockResponse cutAfter(List<String> tokens, BooleanSupplier consumed) {
    return streamed(tokens, null, Ending.CUT, Duration.ZERO, consumed);
  }

  /** Sends {@code tokens} and ends the body cleanly without the closing event ([DONE] / done:true). */
  MockResponse endAfter(List<String> tokens) {
    return streamed(tokens, null, Ending.CLEAN_EOF, Duration.ZERO);
  }

  /**
   * Sends {@code tokens}, then {@code errorLine} as the next event of the 200 stream (an SSE
   * {@code data:} event for OpenAI, an NDJSON line for Ollama), then ends the body: what a provider
   * does when it fails after it started answering.
   */
  MockResponse errorAfter(List<String> tokens, String errorLine) {
    var builder = new MockResponse.Builder().code(200)
        .addHeader("Content-Type", flavor == Flavor.OPENAI ? "text/event-stream" : "application/x-ndjson")
        .addHeader("Transfer-Encoding", "chunked")
        .body(new StreamBody(tokens, null, Ending.CLEAN_EOF, Duration.ZERO, () -> true,
            flavor == Flavor.OPENAI ? "data: " + errorLine + "\n\n" : errorLine + "\n"));
    return builder.build();
  }

  static MockResponse error(int status, String body, String... headerPairs) {
    var builder = new MockResponse.Builder().code(status).body(body).addHeader("Content-Type", "application/json");
    for (int i = 0; i < headerPairs.length; i += 2) {
      builder.addHeader(headerPairs[i], headerPairs[i + 1]);
    }
    return builder.build();
  }

  /** An image answer holding {@code image} as base64. */
  static MockResponse image(byte[] image) {
    String b64 = java.util.Base64.getEncoder().encodeToString(image);
    return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
        .body("{\"created\":1,\"data\":[{\"b64_json\":\"" + b64 + "\",\"revised_prompt\":\"a lighthouse at dusk\"}]}")
        .build();
  }

  /** Words of {@code text}, each after the first with its leading space: about one token each. */
  static List<String> tokens(String text) {
    var out = new ArrayList<String>();
    var words = text.split(" ");
    for (int i = 0; i < words.length; i++) {
      out.add(i == 0 ? words[i] : " " + words[i]);
    }
    return out;
  }

  /** {@code n} numbered tokens: " w1 w2 …", so a test can tell which ones arrived. */
  static List<String> numbered(int from, int to) {
    var out = new ArrayList<String>();
    for (int i = from; i <= to; i++) {
      out.add((i == 1 ? "w" : " w") + i);
    }
    return out;
  }

  private enum Ending { COMPLETE, HANG, CUT, CLEAN_EOF }

  private MockResponse streamed(List<String> tokens, String finishReason, Ending ending, Duration firstTokenDelay) {
    return streamed(tokens, finishReason, ending, firstTokenDelay, () -> true);
  }

  private MockResponse streamed(List<String> tokens, String finishReason, Ending ending, Duration firstTokenDelay,
      BooleanSupplier cutWhen) {
    String contentType = flavor == Flavor.OPENAI ? "text/event-stream" : "application/x-ndjson";
    // The body frames its own chunks: MockWebServer writes a custom body's bytes as they are.
    var builder = new MockResponse.Builder().code(200).addHeader("Content-Type", contentType)
        .addHeader("Transfer-Encoding", "chunked")
        .body(new StreamBody(tokens, finishReason, ending, firstTokenDelay, cutWhen));
    if (ending == Ending.CUT) {
      builder.onResponseEnd(new SocketEffect.CloseSocket()); // before the last chunk: the client sees a cut body
    }
    return builder.build();
  }

  private final class StreamBody implements MockResponseBody {
    private final List<String> tokens;
    private final String finishReason;
    private final Ending ending;
    private final Duration firstTokenDelay;
    private final BooleanSupplier cutWhen;
    /** Written after the tokens, before the ending; empty for none. */
    private final String trailer;

    StreamBody(List<String> tokens, String finishReason, Ending ending, Duration firstTokenDelay,
        BooleanSupplier cutWhen) {
      this(tokens, finishReason, ending, firstTokenDelay, cutWhen, "");
    }

    StreamBody(List<String> tokens, String finishReason, Ending ending, Duration firstTokenDelay,
        BooleanSupplier cutWhen, String trailer) {
      this.trailer = trailer;
      this.tokens = List.copyOf(tokens);
      this.finishReason = finishReason;
      this.ending = ending;
      this.firstTokenDelay = firstTokenDelay;
      this.cutWhen = cutWhen;
    }

    @Override
    public long getContentLength() {
      return -1; // chunked, as providers stream
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      if (!firstTokenDelay.isZero()) {
        await(firstTokenDelay.toMillis());
      }
      for (String token : tokens) {
        chunk(sink, event(token));
      }
      if (!trailer.isEmpty()) {
        chunk(sink, trailer);
      }
      switch (ending) {
        case COMPLETE -> {
          chunk(sink, finish(finishReason, tokens.size()));
          sink.writeUtf8("0\r\n\r\n").flush();
        }
        case HANG -> await(TimeUnit.SECONDS.toMillis(HANG_LIMIT_SECONDS));
        case CUT -> awaitCondition(cutWhen);
        case CLEAN_EOF -> sink.writeUtf8("0\r\n\r\n").flush();
      }
    }

    private void chunk(BufferedSink sink, String text) throws IOException {
      byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      sink.writeUtf8(Integer.toHexString(bytes.length)).writeUtf8("\r\n").write(bytes).writeUtf8("\r\n").flush();
    }

    /** Polls {@code condition} until it holds or the hang limit passes (then cuts anyway). */
    private void awaitCondition(BooleanSupplier condition) throws IOException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HANG_LIMIT_SECONDS);
      while (!condition.getAsBoolean() && System.nanoTime() - deadline < 0) {
        await(POLL_MILLIS);
      }
    }

    private void await(long millis) throws IOException {
      try {
        closed.await(millis, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException();
      }
    }
  }

  private String event(String token) {
    if (flavor == Flavor.OPENAI) {
      return "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
          + "\"choices\":[{\"index\":0,\"delta\":{\"content\":" + json(token) + "},\"finish_reason\":null}]}\n\n";
    }
    return "{\"model\":\"m\",\"created_at\":\"2026-01-01T00:00:00Z\",\"message\":{\"role\":\"assistant\",\"content\":"
        + json(token) + "},\"done\":false}\n";
  }

  /** The closing events: the finish reason, the usage, and OpenAI's [DONE]. */
  private String finish(String finishReason, int outputTokens) {
    if (flavor == Flavor.OPENAI) {
      return "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
          + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":" + json(finishReason) + "}]}\n\n"
          + "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[],"
          + "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":" + outputTokens + ",\"total_tokens\":"
          + (10 + outputTokens) + "}}\n\ndata: [DONE]\n\n";
    }
    return "{\"model\":\"m\",\"created_at\":\"2026-01-01T00:00:00Z\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},"
        + "\"done\":true,\"done_reason\":" + json(finishReason) + ",\"prompt_eval_count\":10,\"eval_count\":"
        + outputTokens + "}\n";
  }

  private static String json(String text) {
    var out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        default -> out.append(c);
      }
    }
    return out.append('"').toString();
  }

  @Override
  public void close() {
    closed.countDown();
    server.close();
  }
}
