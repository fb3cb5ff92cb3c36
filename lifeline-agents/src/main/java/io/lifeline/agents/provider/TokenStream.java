package io.lifeline.agents.provider;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hands what a streaming model reports, from LangChain4j's callback thread, to the attempt's own
 * thread as a queue of events, in order. The attempt's thread decides everything (timeouts,
 * checkpoints, classification), so the callbacks do nothing but enqueue.
 */
final class TokenStream implements StreamingChatResponseHandler {

  sealed interface Event permits Token, Completed, Failed, Ended {}

  /** A piece of the answer, about one token. */
  record Token(String text) implements Event {}

  /** The model finished its answer. */
  record Completed(ChatResponse response) implements Event {}

  /** The call failed. */
  record Failed(Throwable error) implements Event {}

  /** The HTTP stream ended, after any of the events above that it caused. */
  record Ended() implements Event {}

  private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();

  @Override
  public void onPartialResponse(String text) {
    events.add(new Token(text));
  }

  @Override
  public void onCompleteResponse(ChatResponse response) {
    events.add(new Completed(response));
  }

  @Override
  public void onError(Throwable error) {
    events.add(new Failed(error));
  }

  /** Called by the HTTP client once the stream is over, however it ended. */
  void ended() {
    events.add(new Ended());
  }

  /** The next event, or null if none came within {@code wait}. */
  Event poll(Duration wait) throws InterruptedException {
    return events.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
  }
}
