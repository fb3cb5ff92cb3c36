package io.lifeline.agents.provider;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import io.lifeline.model.AgentFailureException;
import io.lifeline.model.FailureKind;
import io.lifeline.model.GenerationParams;
import java.util.ArrayList;
import java.util.Map;
import java.util.OptionalLong;

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
 * all of them) and {@code temperature}, read by {@link GenerationParams}, whose rules the workflow
 * loader already applied.
 */
final class ChatRequests {

  static final String CONTINUE =
      "Your answer above was cut off. Continue exactly where this text stops, without repeating it.";

  private ChatRequests() {}

  /**
   * @param tokensLeft the job's tokens the attempt may still use ({@link
   *     io.lifeline.model.AttemptContext#tokensLeft}): the output cap never exceeds it, so the
   *     provider itself stops there (finish {@code length})
   */
  static ChatRequest of(ProviderAgentConfig config, String prompt, Map<String, String> params, String prefix,
      OptionalLong tokensLeft) {
    var messages = new ArrayList<ChatMessage>();
    String system = params.get(GenerationParams.SYSTEM);
    if (system != null && !system.isBlank()) {
      messages.add(SystemMessage.from(system));
    }
    messages.add(UserMessage.from(prompt));
    if (!prefix.isEmpty()) {
      messages.add(AiMessage.from(prefix));
      messages.add(UserMessage.from(CONTINUE));
    }
    var request = ChatRequest.builder().messages(messages);
    try {
      var asked = GenerationParams.maxTokens(params);
      GenerationParams.capOutput(asked.isPresent() ? asked : config.maxTokens(), tokensLeft)
          .ifPresent(request::maxOutputTokens);
      var temperature = GenerationParams.temperature(params);
      (temperature.isPresent() ? temperature : config.temperature()).ifPresent(request::temperature);
    } catch (IllegalArgumentException e) {
      // Workflows are checked when loaded; only a hand-made context can get here.
      throw new AgentFailureException(FailureKind.PERMANENT, "step " + e.getMessage());
    }
    return request.build();
  }
}
