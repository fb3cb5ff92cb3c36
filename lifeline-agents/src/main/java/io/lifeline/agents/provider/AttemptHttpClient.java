package io.lifeline.agents.provider;

import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventContext;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * LangChain4j's HTTP client SPI on the JDK client, for one attempt. LangChain4j's own JDK client
 * falls short in three ways that matter here:
 * <ol>
 *   <li>its errors keep the status and body but drop the headers, where providers say how long to
 *       wait: this client throws {@link ProviderHttpException}, which keeps them;
 *   <li>a stream can only be cancelled from a callback, that is after a token arrived, so a provider
 *       that hangs before its first token pins a thread until the socket dies: {@link #abort()}
 *       closes the exchange at any moment, from any thread;
 *   <li>a stream that ends without its closing event is not reported as such:
 *       {@code onStreamEnd} runs after the listener saw the end, so the agent can tell a
 *       truncated stream from a completed one;
 *   <li>an error event inside a 200 stream is not an error to it: this client reports it as one
 *       ({@link ErrorEvents}).
 * </ol>
 * A stream runs on its own virtual thread; {@code execute} returns at once, as LangChain4j expects.
 * Response timeouts come from the agent's configuration, not from LangChain4j's builder defaults.
 */
final class AttemptHttpClient implements HttpClient, HttpClientBuilder {

  /** Error bodies are short JSON; a proxy's HTML page can be long, and only its start is read. */
  private static final int ERROR_BODY_LIMIT = 64 * 1024;

  private final java.net.http.HttpClient jdk;
  private final Duration responseTimeout;
  private final Runnable onStreamEnd;
  private final String threadName;
  private volatile CompletableFuture<HttpResponse<InputStream>> exchange;
  private volatile InputStream body;
  private volatile boolean aborted;

  /**
   * @param responseTimeout how long to wait for the response headers
   * @param onStreamEnd runs once a stream's listener has seen its end, however it ended
   * @param threadName names the stream's thread, for thread dumps
   */
  AttemptHttpClient(java.net.http.HttpClient jdk, Duration responseTimeout, Runnable onStreamEnd, String threadName) {
    this.jdk = jdk;
    this.responseTimeout = responseTimeout;
    this.onStreamEnd = onStreamEnd;
    this.threadName = threadName;
  }

  @Override
  public SuccessfulHttpResponse execute(HttpRequest request) {
    try {
      HttpResponse<InputStream> response = send(request);
      try (InputStream in = response.body()) {
        if (!successful(response.statusCode())) {
          throw error(response, in);
        }
        return SuccessfulHttpResponse.builder().statusCode(response.statusCode())
            .headers(response.headers().map()).body(new String(in.readAllBytes(), StandardCharsets.UTF_8)).build();
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
    Thread.ofVirtual().name(threadName).start(() -> stream(request, parser, listener));
  }

  /** Closes the exchange, now or as soon as it starts; the stream's listener then sees an error. */
  void abort() {
    aborted = true;
    var pending = exchange;
    if (pending != null) {
      pending.cancel(true);
    }
    closeBody();
  }

  private void stream(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
    try {
      HttpResponse<InputStream> response = send(request);
      InputStream in = response.body();
      body = in;
      if (aborted) {
        closeBody();
        throw new IOException("stream aborted");
      }
      if (!successful(response.statusCode())) {
        try (in) {
          listener.onError(error(response, in));
        }
        return;
      }
      listener.onOpen(SuccessfulHttpResponse.builder().statusCode(response.statusCode())
          .headers(response.headers().map()).build());
      var events = new ErrorEvents(listener, response);
      try (in) {
        parser.parse(in, events);
      } catch (IOException | RuntimeException e) {
        if (events.error == null) {
          throw e;
        } // else: the body was closed on purpose, after the error event
      }
      if (events.error != null) {
        listener.onError(events.error);
      } else {
        listener.onClose();
      }
    } catch (IOException | RuntimeException e) {
      listener.onError(e);
    } finally {
      onStreamEnd.run();
    }
  }

  /**
   * Passes a 200 stream's events on until one is an error: OpenAI-compatible servers send
   * {@code data: {"error": {"message", "type", "code"}}} when they fail mid-answer, Ollama a line
   * {@code {"error": "CUDA error: out of memory"}}. LangChain4j reads neither as an error (the
   * answer merely ends without a finish reason), so the meaning — rate limited, filtered, out of
   * memory — would be lost. The error becomes a {@link ProviderHttpException} with the stream's
   * status and the event as its body, classified by the same table as an error answer
   * ({@link ProviderFailures#ofHttp}); nothing after it is passed on, and the body is closed.
   */
  private final class ErrorEvents implements ServerSentEventListener {
    private final ServerSentEventListener delegate;
    private final HttpResponse<?> response;
    private volatile ProviderHttpException error;

    ErrorEvents(ServerSentEventListener delegate, HttpResponse<?> response) {
      this.delegate = delegate;
      this.response = response;
    }

    @Override
    public void onEvent(ServerSentEvent event, ServerSentEventContext context) {
      if (error != null) {
        return;
      }
      if (isError(event.data())) {
        error = new ProviderHttpException(response.statusCode(), event.data(), response.headers().map());
        closeBody(); // the server may keep the connection open after it; the attempt is over
        return;
      }
      delegate.onEvent(event, context);
    }

    @Override
    public void onEvent(ServerSentEvent event) {
      onEvent(event, null);
    }

    @Override
    public void onError(Throwable thrown) {
      if (error == null) { // else it is the parser's read failing on the body closed above
        delegate.onError(thrown);
      }
    }
  }

  /** An event whose JSON has a top-level {@code error}: no chunk of an answer has one. */
  static boolean isError(String data) {
    if (data == null || !data.contains("\"error\"")) {
      return false; // the cheap test first: this runs for every token
    }
    try {
      var root = ERROR_JSON.readTree(data);
      return root != null && root.isObject() && root.hasNonNull("error");
    } catch (IOException e) {
      return false;
    }
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper ERROR_JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  /** Sends and waits for the headers; an abort cancels the exchange, which interrupts the wait. */
  private HttpResponse<InputStream> send(HttpRequest request) throws IOException {
    var pending = jdk.sendAsync(jdkRequest(request), HttpResponse.BodyHandlers.ofInputStream());
    exchange = pending;
    if (aborted) {
      pending.cancel(true);
    }
    try {
      return pending.get();
    } catch (InterruptedException e) {
      pending.cancel(true);
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while waiting for " + request.url());
    } catch (java.util.concurrent.CancellationException e) {
      throw new IOException("stream aborted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof HttpTimeoutException timeout) {
        throw new TimeoutException(timeout);
      }
      if (cause instanceof IOException io) {
        throw io;
      }
      throw new IOException(cause);
    }
  }

  private java.net.http.HttpRequest jdkRequest(HttpRequest request) {
    if (!request.formDataFields().isEmpty() || !request.formDataFiles().isEmpty()) {
      throw new UnsupportedOperationException("multipart requests are not used by chat models");
    }
    var builder = java.net.http.HttpRequest.newBuilder(URI.create(request.url())).timeout(responseTimeout);
    request.headers().forEach((name, values) -> values.forEach(value -> builder.header(name, value)));
    var publisher = request.body() == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
        : java.net.http.HttpRequest.BodyPublishers.ofString(request.body());
    return builder.method(request.method().name(), publisher).build();
  }

  private static ProviderHttpException error(HttpResponse<?> response, InputStream in) throws IOException {
    String text = new String(in.readNBytes(ERROR_BODY_LIMIT), StandardCharsets.UTF_8);
    return new ProviderHttpException(response.statusCode(), text, response.headers().map());
  }

  private void closeBody() {
    var in = body;
    if (in != null) {
      try {
        in.close();
      } catch (IOException e) {
        // closing is all we wanted; the stream's thread sees the failure
      }
    }
  }

  private static boolean successful(int status) {
    return status >= 200 && status < 300;
  }

  // ------------------------------------------------ HttpClientBuilder: LangChain4j builds us once per model

  @Override
  public Duration connectTimeout() {
    return null;
  }

  @Override
  public HttpClientBuilder connectTimeout(Duration ignored) {
    return this; // the shared JDK client's connect timeout applies
  }

  @Override
  public Duration readTimeout() {
    return responseTimeout;
  }

  @Override
  public HttpClientBuilder readTimeout(Duration ignored) {
    return this; // the agent's own timeouts apply, not LangChain4j's defaults
  }

  @Override
  public HttpClient build() {
    return this;
  }
}
