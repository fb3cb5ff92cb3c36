package io.lifeline.agents.provider;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import io.lifeline.model.AgentFailureException;
import io.lifeline.model.FailureKind;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * The chat request of one attempt.
 *
 * <p>A fresh attempt sends the step's prompt. An attempt that resumes from a checkpoint sends the
 * prompt, the checkpointed text as the model's own answer so far, and {@link #CONTINUE}: the model
 * writes only what is missing, which costs the prefix as input tokens (cheap, and read in one pass)
 * instead of generating it again as output tokens (dear, and one at a time).
 *
 * <p>Step parameters override the agent's defaults, so that a fallback variant can ask for less:
 * {@code system} (a system message), {@code maxTokens} (per attempt: a continuation may again use
 * all of them) and {@code temperature}.
 */
final class ChatRequests {

  static final String CONTINUE =
      "Your answer above was cut off. Continue exactly where this text stops, without repeating it.";

  private ChatRequests() {}

  static ChatRequest of(ProviderAgentConfig config, String prompt, Map<String, String> params, String prefix) {
    var messages = new ArrayList<ChatMessage>();
    String system = params.get("system");
    if (system != null && !system.isBlank()) {
      messages.add(SystemMessage.from(system));
    }
    messages.add(UserMessage.from(prompt));
    if (!prefix.isEmpty()) {
      messages.add(AiMessage.from(prefix));
      messages.add(UserMessage.from(CONTINUE));
    }
    var request = ChatRequest.builder().messages(messages);
    param(params, "maxTokens", Integer::valueOf).or(() -> boxed(config.maxTokens()))
        .ifPresent(request::maxOutputTokens);
    param(params, "temperature", Double::valueOf).or(() -> boxed(config.temperature()))
        .ifPresent(request::temperature);
    return request.build();
  }

  private static <T> Optional<T> param(Map<String, String> params, String name,
      Function<String, T> parse) {
    String text = params.get(name);
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(parse.apply(text.strip()));
    } catch (NumberFormatException e) {
      throw new AgentFailureException(FailureKind.PERMANENT, "step parameter " + name + " must be a number, was '" + text + "'");
    }
  }

  private static Optional<Integer> boxed(OptionalInt value) {
    return value.isPresent() ? Optional.of(value.getAsInt()) : Optional.empty();
  }

  private static Optional<Double> boxed(OptionalDouble value) {
    return value.isPresent() ? Optional.of(value.getAsDouble()) : Optional.empty();
  }
}
