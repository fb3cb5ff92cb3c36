package io.lifeline.agents.evaluate;

import io.lifeline.model.Usage;
import java.util.Objects;

/**
 * A chat model asked for an opinion: one prompt in, one answer out. A LangChain4j
 * {@code ChatModel} fits as {@code model::chat}; a test fits as a lambda.
 *
 * <p>Implementations bound their own call time (a chat model's timeout) or run under a
 * {@link io.lifeline.quality.QuorumEvaluator}'s timeout, and may throw whatever their client
 * throws: an {@link io.lifeline.model.AgentFailureException} keeps its kind, anything else is
 * classified like an agent's exception. A judge that knows what a failed call still cost throws
 * a {@link Failed} around the cause.
 */
@FunctionalInterface
public interface Judge {

  String ask(String prompt) throws Exception;

  /**
   * Asks one question with its idempotency key (which a judge that calls a provider sends with
   * the call, I3) and returns the answer with what it cost. By default the key is not sent and
   * the cost is unknown: {@link #ask(String)}, at {@link Usage#NONE}.
   */
  default Answer ask(String prompt, String idempotencyKey) throws Exception {
    return new Answer(ask(prompt), Usage.NONE);
  }

  /** A judge's answer and what it cost; a null text reads as an empty answer. */
  record Answer(String text, Usage usage) {
    public Answer {
      Objects.requireNonNull(usage, "usage");
    }
  }

  /** A failed call that still cost something (tokens streamed before the connection broke). */
  final class Failed extends Exception {
    private final transient Usage usage;

    public Failed(Throwable cause, Usage usage) {
      super(Objects.requireNonNull(cause, "cause").getMessage(), cause);
      this.usage = Objects.requireNonNull(usage, "usage");
    }

    public Usage usage() {
      return usage;
    }
  }
}
