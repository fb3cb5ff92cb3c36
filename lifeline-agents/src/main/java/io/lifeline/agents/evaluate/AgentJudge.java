package io.lifeline.agents.evaluate;

import io.lifeline.checkpoint.CheckpointKind;
import io.lifeline.checkpoint.RestoredState;
import io.lifeline.model.Agent;
import io.lifeline.model.AttemptContext;
import io.lifeline.model.Output;
import io.lifeline.model.Usage;
import io.lifeline.time.Ticker;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * Any configured chat agent as a {@link Judge}: each question is one throw-away attempt of that
 * agent, outside any job's steps. Nothing it does is durable (a judge's answer is not work to
 * resume), so checkpoints are accepted and dropped and heartbeats go nowhere; the quorum's timeout
 * bounds it.
 *
 * <p>What the question costs is not dropped: the answer carries the agent's {@link Output#usage},
 * and a failed call what the agent reported through {@link AttemptContext#reportUsage} before it
 * failed ({@link Judge.Failed}), so that the engine charges it to the job under review (I4).
 *
 * <p>The question's idempotency key is the one it is asked with — for a quality gate, derived from
 * the reviewed attempt's {@code jobId/step/attempt} ({@link io.lifeline.quality.Review}) — so the
 * provider never sees one key for two questions (I3), in this process or any other.
 *
 * <p>At most the agent's {@code concurrency} questions run at once (a fair semaphore, waited for
 * interruptibly, so a quorum's timeout still bounds the wait). The slots are the judge's own: the
 * coordinator does not see them, so an agent that both writes and judges can run up to twice its
 * concurrency at once.
 */
public final class AgentJudge implements Judge {

  private final Agent agent;
  private final Ticker ticker;
  private final Semaphore slots;

  public AgentJudge(Agent agent, Ticker ticker) {
    this.agent = agent;
    this.ticker = ticker;
    this.slots = new Semaphore(agent.spec().concurrency(), true);
  }

  /** Asks with a key derived from the question itself (see {@link LlmJudgeEvaluator#contentKey}). */
  @Override
  public String ask(String prompt) throws Exception {
    return ask(prompt, LlmJudgeEvaluator.contentKey("judge-" + agent.spec().id(), prompt)).text();
  }

  /**
   * @throws Judge.Failed around the agent's exception when it had reported usage before failing
   */
  @Override
  public Answer ask(String prompt, String idempotencyKey) throws Exception {
    var question = new Question(prompt, idempotencyKey);
    slots.acquire();
    try {
      Output answer = agent.run(question);
      return answer == null ? new Answer("", question.usage) : new Answer(answer.text(), answer.usage());
    } catch (Exception e) {
      Usage spent = question.usage;
      throw spent.tokens() > 0 || spent.cost() > 0 ? new Judge.Failed(e, spent) : e;
    } finally {
      slots.release();
    }
  }

  /** The context of one question: the prompt and its key, no inputs, nothing to resume, nothing kept. */
  private final class Question implements AttemptContext {
    private final String prompt;
    private final String key;
    private volatile Usage usage = Usage.NONE;

    Question(String prompt, String key) {
      this.prompt = prompt;
      this.key = key;
    }

    @Override
    public String jobId() {
      return "judge-" + agent.spec().id();
    }

    /** The key, so that even a wrapper that rebuilds the key from the ids keeps it unique. */
    @Override
    public String stepId() {
      return key;
    }

    @Override
    public int attempt() {
      return 1;
    }

    /** The key it was asked with: a judge's question has no step of its own. */
    @Override
    public String idempotencyKey() {
      return key;
    }

    @Override
    public void reportUsage(Usage soFar) {
      usage = soFar;
    }

    @Override
    public String prompt() {
      return prompt;
    }

    @Override
    public Map<String, String> params() {
      return Map.of();
    }

    @Override
    public Map<String, Output> inputs() {
      return Map.of();
    }

    @Override
    public Map<String, String> jobInput() {
      return Map.of();
    }

    @Override
    public Optional<RestoredState> resumeFrom() {
      return Optional.empty();
    }

    @Override
    public CompletableFuture<Void> checkpoint(CheckpointKind kind, byte[] state, long progress) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void heartbeat() {}

    @Override
    public Duration suggestedCheckpointInterval() {
      return Duration.ofMinutes(5); // a judge's answer is short: checkpoints would be waste
    }

    @Override
    public boolean isCancelled() {
      return Thread.currentThread().isInterrupted();
    }

    @Override
    public Ticker ticker() {
      return ticker;
    }
  }
}
