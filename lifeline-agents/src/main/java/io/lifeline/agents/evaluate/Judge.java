package io.lifeline.agents.evaluate;

/**
 * A chat model asked for an opinion: one prompt in, one answer out. A LangChain4j
 * {@code ChatModel} fits as {@code model::chat}; a test fits as a lambda.
 *
 * <p>Implementations bound their own call time (a chat model's timeout) or run under a
 * {@link io.lifeline.quality.QuorumEvaluator}'s timeout, and may throw whatever their client
 * throws: an {@link io.lifeline.model.AgentFailureException} keeps its kind, anything else is
 * classified like an agent's exception.
 */
@FunctionalInterface
public interface Judge {

  String ask(String prompt) throws Exception;
}
