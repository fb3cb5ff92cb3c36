package io.lifeline.agents.provider;

import dev.langchain4j.model.chat.response.ChatResponse;
import io.lifeline.agents.Cancellation;
import io.lifeline.agents.provider.health.Admission;
import io.lifeline.agents.text.AppendCheckpointer;
import io.lifeline.model.AgentFailureException;
import io.lifeline.model.AttemptContext;
import io.lifeline.model.Failure;
import io.lifeline.model.FailureKind;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads one attempt's token stream on the attempt's own thread, and decides how it ended.
 *
 * <p>While waiting for the first token it heartbeats: a model reading a long prompt is silent but
 * alive, and {@code timeout} bounds that wait. From the first token on, only tokens report progress,
 * so a stream that stalls is caught both here ({@code idleTimeout} without a token → TIMEOUT) and by
 * the engine's no-progress deadline, whichever is shorter. Waiting is done in slices of
 * {@link #SLICE}, counted, so no clock is read: a slice that returns empty has lasted its full length.
 *
 * <p>Each token is appended, reported as progress ({@code prefix tokens + new tokens}) and handed
 * to an {@link AppendCheckpointer} (FULL first, then DELTAs; at the first token after each
 * suggested interval, or after {@code checkpointEveryTokens} if the agent sets it). When the stream fails in a way that leaves good text behind
 * (cut, stalled, truncated at the token limit), the text not yet checkpointed is saved before the
 * failure is reported, so the next attempt continues from all of it; after an unsafe or refused
 * answer nothing more is saved.
 */
final class StreamReader {

  /** Cancellation and heartbeats are checked this often while no token arrives. */
  static final Duration SLICE = Duration.ofMillis(50);

  /** What the stream produced. */
  record Answer(String text, String added, long newTokens, ChatResponse response) {}

  private final AttemptContext context;
  private final ProviderAgentConfig config;
  private final TokenStream stream;
  private final Admission admission;
  private final Supplier<Instant> wall;
  private final long prefixTokens;
  private final boolean resumed;
  private final StringBuilder text;
  private final StringBuilder added = new StringBuilder();
  private final AppendCheckpointer checkpointer;
  private long newTokens;

  StreamReader(AttemptContext context, ProviderAgentConfig config, TokenStream stream, Admission admission,
      Supplier<Instant> wall, String prefix, long prefixTokens) {
    this.context = context;
    this.config = config;
    this.stream = stream;
    this.admission = admission;
    this.wall = wall;
    this.prefixTokens = prefixTokens;
    this.resumed = !prefix.isEmpty();
    this.text = new StringBuilder(prefix);
    this.checkpointer = new AppendCheckpointer(context, config.checkpointEveryTokens(), resumed);
  }

  /**
   * Reads until the stream completes, fails, or times out.
   *
   * @throws AgentFailureException how it failed, classified, with the provider's text unredacted
   * @throws InterruptedException if the attempt was interrupted
   * @throws java.util.concurrent.CancellationException if the attempt was cancelled
   */
  Answer read() throws InterruptedException {
    long quietSlices = 0;
    while (true) {
      Cancellation.check(context);
      TokenStream.Event event = stream.poll(SLICE);
      if (event == null) {
        quietSlices++;
        waited(SLICE.multipliedBy(quietSlices));
        continue;
      }
      quietSlices = 0;
      switch (event) {
        case TokenStream.Token token -> append(token.text());
        case TokenStream.Completed completed -> {
          return completed(completed.response());
        }
        case TokenStream.Failed failed -> throw fail(ProviderFailures.ofThrowable(failed.error(), wall.get()));
        case TokenStream.Ended ended -> throw fail(Failure.of(FailureKind.TRANSIENT,
            "the stream ended after " + newTokens + " tokens without finishing (connection closed)"));
      }
    }
  }

  private void waited(Duration quiet) {
    if (newTokens == 0) {
      context.heartbeat();
      if (quiet.compareTo(config.timeout()) >= 0) {
        throw fail(Failure.of(FailureKind.TIMEOUT, "no first token within " + config.timeout()));
      }
    } else if (quiet.compareTo(config.idleTimeout()) >= 0) {
      throw fail(Failure.of(FailureKind.TIMEOUT, "the stream stalled: no token for " + config.idleTimeout()
          + " after " + newTokens + " tokens"));
    }
  }

  private void append(String token) {
    if (newTokens == 0) {
      admission.responded();
    }
    newTokens++;
    text.append(token);
    added.append(token);
    long progress = prefixTokens + newTokens;
    context.progress(progress);
    // Running totals, so a stream that dies later is still charged for what it consumed (I4): the
    // prefix went in as input, the new tokens came out. The final answer reports the provider's count.
    context.reportUsage(new io.lifeline.model.Usage(progress, config.spec().costPerCall() + config.costPerToken() * progress));
    checkpointer.appended(token, progress);
  }

  private Answer completed(ChatResponse response) {
    admission.responded();
    var finish = response.finishReason();
    if (finish == null) {
      // LangChain4j completes an OpenAI stream when the connection closes, [DONE] or not; a real
      // answer always ends with a finish reason, so one without is a stream cut at an event boundary.
      throw fail(Failure.of(FailureKind.TRANSIENT,
          "the stream ended after " + newTokens + " tokens without a finish reason (cut short)"));
    }
    Optional<Failure> verdict = ProviderFailures.ofFinishReason(finish.name())
        .or(() -> resumed && added.toString().isBlank()
            ? Optional.empty() // asked to continue, the model added nothing: the prefix was the whole answer
            : ProviderFailures.ofText(resumed ? added.toString() : text.toString()));
    if (verdict.isPresent()) {
      throw fail(verdict.get());
    }
    return new Answer(text.toString(), added.toString(), newTokens, response);
  }

  /** Saves the good text not yet checkpointed, or empties the step's text if it is bad; returns the exception to throw. */
  private AgentFailureException fail(Failure failure) {
    if (failure.kind() == FailureKind.UNSAFE || failure.kind() == FailureKind.REFUSED) {
      checkpointer.discard();
    } else {
      checkpointer.flush(prefixTokens + newTokens);
    }
    return new AgentFailureException(failure);
  }
}
