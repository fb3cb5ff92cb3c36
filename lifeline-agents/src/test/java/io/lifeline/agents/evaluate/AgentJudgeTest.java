package io.lifeline.agents.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeline.model.Agent;
import io.lifeline.model.AgentSpec;
import io.lifeline.model.AttemptContext;
import io.lifeline.model.AgentFailureException;
import io.lifeline.model.FailureKind;
import io.lifeline.model.Output;
import io.lifeline.model.Usage;
import io.lifeline.quality.EvaluationException;
import io.lifeline.quality.Review;
import io.lifeline.time.ManualClock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class AgentJudgeTest {

  @Test
  void aConfiguredChatAgentJudgesThroughAThrowAwayAttempt() {
    var asked = new CopyOnWriteArrayList<String>();
    Agent chat = new Agent() {
      @Override
      public AgentSpec spec() {
        return AgentSpec.of("writer-b", "text");
      }

      @Override
      public Output run(AttemptContext context) {
        asked.add(context.prompt());
        assertThat(context.resumeFrom()).isEmpty();
        return Output.text("```json\n{\"score\": 0.2, \"verdict\": \"fail\", \"reason\": \"off topic\"}\n```");
      }
    };
    var judge = new LlmJudgeEvaluator("judge:writer-b", new AgentJudge(chat, new ManualClock()));
    var score = judge.evaluate("Write about tides", Output.text("Bread recipes for beginners."));
    assertThat(score.value()).isEqualTo(0.2);
    assertThat(score.reason()).contains("off topic");
    assertThat(asked).singleElement().asString().contains("Write about tides").contains("Bread recipes");
  }

  static final String PASS = "{\"score\": 0.9, \"verdict\": \"pass\", \"reason\": \"fine\"}";
  static final Output ARTICLE = Output.text("Tides rise and fall twice a day.");

  /** A chat agent that records the key of every question and answers with {@code answer}. */
  static final class Chat implements Agent {
    final List<String> keys = new CopyOnWriteArrayList<>();
    final Function<AttemptContext, Output> answer;
    final AgentSpec spec;

    Chat(int concurrency, Function<AttemptContext, Output> answer) {
      this.spec = new AgentSpec("judge-a", "text", Map.of(), 0, concurrency);
      this.answer = answer;
    }

    @Override
    public AgentSpec spec() {
      return spec;
    }

    @Override
    public Output run(AttemptContext context) {
      keys.add(context.idempotencyKey());
      return answer.apply(context);
    }
  }

  static LlmJudgeEvaluator evaluator(Agent chat) {
    return new LlmJudgeEvaluator("judge:judge-a", new AgentJudge(chat, new ManualClock()));
  }

  @Test
  void theKeyNamesTheReviewedAttemptSoDifferentQuestionsNeverShareOneAndAReplayKeepsIt() {
    var chat = new Chat(1, ctx -> Output.text(PASS));
    // Two judges stand for two processes: the old per-process counter gave both "judge-judge-a/question/1".
    var here = evaluator(chat);
    var elsewhere = evaluator(chat);

    here.evaluate("Write about tides", ARTICLE, Review.of("job-1", "draft", 1));
    elsewhere.evaluate("Write about bread", Output.text("Knead the dough."), Review.of("job-2", "draft", 1));
    elsewhere.evaluate("Write about tides", ARTICLE, Review.of("job-1", "draft", 1)); // a replay
    here.evaluate("Write about tides", ARTICLE, Review.of("job-1", "draft", 2));

    assertThat(chat.keys).containsExactly("job-1/draft/1/judge:judge-a", "job-2/draft/1/judge:judge-a",
        "job-1/draft/1/judge:judge-a", "job-1/draft/2/judge:judge-a");
  }

  @Test
  void outsideAReviewTheKeyIsADigestOfTheQuestion() {
    var chat = new Chat(1, ctx -> Output.text(PASS));

    evaluator(chat).evaluate("Write about tides", ARTICLE);
    evaluator(chat).evaluate("Write about bread", ARTICLE);
    evaluator(chat).evaluate("Write about tides", ARTICLE);

    assertThat(chat.keys).hasSize(3).allMatch(key -> key.matches("judge:judge-a/[0-9a-f]{32}"));
    assertThat(chat.keys.get(0)).isNotEqualTo(chat.keys.get(1)).isEqualTo(chat.keys.get(2));
  }

  @Test
  void theJudgesUsageIsTheScoresAndAFailedCallStillCarriesWhatItSpent() {
    var paid = evaluator(new Chat(1, ctx -> Output.text(PASS).withUsage(new Usage(42, 0.042))));
    assertThat(paid.evaluate("Write about tides", ARTICLE, Review.of("job-1", "draft", 1)).usage())
        .isEqualTo(new Usage(42, 0.042));

    var unreadable = evaluator(new Chat(1, ctx -> Output.text("I think it is fine.").withUsage(new Usage(9, 0.009))));
    assertThatThrownBy(() -> unreadable.evaluate("Write about tides", ARTICLE, Review.of("job-1", "draft", 1)))
        .isInstanceOfSatisfying(EvaluationException.class, e -> {
          assertThat(e.kind()).isEqualTo(FailureKind.INVALID_OUTPUT);
          assertThat(e.usage()).isEqualTo(new Usage(9, 0.009));
        });

    var cut = evaluator(new Chat(1, ctx -> {
      ctx.reportUsage(new Usage(15, 0.015)); // streamed this much before the connection broke
      throw new AgentFailureException(FailureKind.TRANSIENT, "stream cut after 5 tokens");
    }));
    assertThatThrownBy(() -> cut.evaluate("Write about tides", ARTICLE, Review.of("job-1", "draft", 1)))
        .isInstanceOfSatisfying(EvaluationException.class, e -> {
          assertThat(e.kind()).isEqualTo(FailureKind.TRANSIENT);
          assertThat(e.usage()).isEqualTo(new Usage(15, 0.015));
          assertThat(e).hasMessageContaining("stream cut after 5 tokens");
        });
  }

  @Test
  void noMoreQuestionsRunAtOnceThanTheAgentsConcurrency() throws Exception {
    var release = new CountDownLatch(1);
    var running = new AtomicInteger();
    var most = new AtomicInteger();
    var chat = new Chat(1, ctx -> {
      most.accumulateAndGet(running.incrementAndGet(), Math::max);
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      running.decrementAndGet();
      return Output.text(PASS);
    });
    var judge = evaluator(chat);
    var first = CompletableFuture.runAsync(() -> judge.evaluate("a", ARTICLE, Review.of("job-1", "a", 1)));
    while (chat.keys.isEmpty()) {
      Thread.onSpinWait();
    }
    var second = new Thread(() -> judge.evaluate("b", ARTICLE, Review.of("job-1", "b", 1)));
    second.start();
    // Its only place to park before the agent runs is the judge's slot.
    while (second.getState() != Thread.State.WAITING && second.getState() != Thread.State.TERMINATED) {
      Thread.onSpinWait();
    }
    assertThat(chat.keys).as("the second question waits for the slot").hasSize(1);
    release.countDown();
    first.get(10, TimeUnit.SECONDS);
    second.join(10_000);

    assertThat(chat.keys).hasSize(2);
    assertThat(most).hasValue(1);
  }
}
