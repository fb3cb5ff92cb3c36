package io.lifeline.agents.evaluate;

import io.lifeline.checkpoint.CheckpointKind;
import io.lifeline.checkpoint.RestoredState;
import io.lifeline.model.Agent;
import io.lifeline.model.AttemptContext;
import io.lifeline.model.Output;
import io.lifeline.time.Ticker;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Any configured chat agent as a {@link Judge}: each question is one throw-away attempt of that
 * agent, outside any job. Nothing it does is durable (a judge's answer is not work to resume), so
 * checkpoints are accepted and dropped and heartbeats go nowhere; the quorum's timeout bounds it.
 */
public final class AgentJudge implements Judge {

  private final Agent agent;
  private final Ticker ticker;
  private final AtomicLong questions = new AtomicLong();

  public AgentJudge(Agent agent, Ticker ticker) {
    this.agent = agent;
    this.ticker = ticker;
  }

  @Override
  public String ask(String prompt) throws Exception {
    Output answer = agent.run(new Question(prompt, questions.incrementAndGet()));
    return answer == null ? "" : answer.text();
  }

  /** The context of one question: the prompt, no inputs, nothing to resume, nothing kept. */
  private final class Question implements AttemptContext {
    private final String prompt;
    private final long number;

    Question(String prompt, long number) {
      this.prompt = prompt;
      this.number = number;
    }

    @Override
    public String jobId() {
      return "judge-" + agent.spec().id();
    }

    @Override
    public String stepId() {
      return "question";
    }

    @Override
    public int attempt() {
      return (int) Math.min(Integer.MAX_VALUE, number);
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
