package io.lifeline.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeline.model.FailureKind;
import io.lifeline.model.Output;
import io.lifeline.model.Usage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * An undecided quorum asks its abstainers again (the votes cast stand, the wait between rounds is
 * the injected sleeper's), never settles for fewer agreeing votes than required, and adds up what
 * every vote cost.
 */
class QuorumRetryTest {

  private static final Output TEXT = Output.text("an article");
  private static final Review REVIEW = Review.of("job-1", "draft", 3);

  private final ManualTimeouts timeouts = new ManualTimeouts();
  private final List<Duration> slept = new ArrayList<>();

  /** Answers by call number (1, 2, …) and records the reviews it was asked about. */
  private static final class Scripted implements QualityEvaluator {
    final String name;
    final IntFunction<Score> answers;
    final List<Review> reviews = new CopyOnWriteArrayList<>();

    Scripted(String name, IntFunction<Score> answers) {
      this.name = name;
      this.answers = answers;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Score evaluate(String prompt, Output output) {
      throw new AssertionError("asked without its review");
    }

    @Override
    public Score evaluate(String prompt, Output output, Review review) {
      reviews.add(review);
      return answers.apply(reviews.size());
    }
  }

  private static Score down(int call) {
    throw new EvaluationException("judge", FailureKind.TRANSIENT, "down on call " + call, null, new Usage(5, 0.5));
  }

  private QuorumEvaluator.Builder panel(EvaluationRetry retry) {
    return QuorumEvaluator.builder("panel").threshold(0.6).executor(Runnable::run).timeouts(timeouts)
        .retry(retry).sleeper(slept::add);
  }

  @Test
  void reasksOnlyTheAbstainersAfterABackoffAndPassesWhenTheyAnswer() {
    var a = new Scripted("a", call -> new Score(0.9, "a fine", new Usage(10, 1)));
    var b = new Scripted("b", call -> call < 3 ? down(call) : new Score(0.8, "b fine", new Usage(20, 2)));
    var quorum = panel(EvaluationRetry.DEFAULT).evaluator(a).evaluator(b).required(2).build();

    var score = quorum.evaluate("prompt", TEXT, REVIEW);

    assertThat(score.value()).isEqualTo(0.8);
    assertThat(score.reason()).startsWith("quorum pass after 3 rounds: 2 pass");
    assertThat(slept).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    assertThat(a.reviews).containsExactly(REVIEW);
    assertThat(b.reviews).extracting(Review::round).containsExactly(1, 2, 3);
    assertThat(score.usage()).as("a once, b's two failures, b's answer").isEqualTo(new Usage(10 + 5 + 5 + 20, 1 + 0.5 + 0.5 + 2));
  }

  @Test
  void givesUpAfterItsRetriesWithoutSettlingForFewerAgreeingVotes() {
    var a = new Scripted("a", call -> new Score(0.9, "a fine"));
    var b = new Scripted("b", QuorumRetryTest::down);
    var quorum = panel(new EvaluationRetry(1, Duration.ofMillis(250))).evaluator(a).evaluator(b).required(2).build();

    assertThatThrownBy(() -> quorum.evaluate("prompt", TEXT, REVIEW))
        .isInstanceOfSatisfying(EvaluationException.class, e -> {
          assertThat(e.kind()).isEqualTo(FailureKind.TRANSIENT);
          assertThat(e.usage()).isEqualTo(new Usage(10, 1.0));
        })
        .hasMessageContaining("no quorum after 2 rounds: 1 pass, 0 fail of 2")
        .hasMessageContaining("b abstained (threw EvaluationException");
    assertThat(slept).containsExactly(Duration.ofMillis(250));
    assertThat(a.reviews).hasSize(1);
    assertThat(b.reviews).hasSize(2);
  }

  @Test
  void withoutRetriesAnUndecidedQuorumGivesUpAtOnce() {
    var b = new Scripted("b", QuorumRetryTest::down);
    var quorum = panel(EvaluationRetry.NONE).evaluator(b).build();

    assertThatThrownBy(() -> quorum.evaluate("prompt", TEXT, REVIEW)).isInstanceOf(EvaluationException.class)
        .hasMessageContaining("no quorum: ");
    assertThat(slept).isEmpty();
  }

  @Test
  void aDecidedQuorumIsNotAskedAgain() {
    var a = new Scripted("a", call -> new Score(0.1, "poor"));
    var b = new Scripted("b", QuorumRetryTest::down);
    var c = new Scripted("c", call -> new Score(0.2, "poor"));
    var quorum = panel(EvaluationRetry.DEFAULT).evaluator(a).evaluator(b).evaluator(c).required(2).build();

    assertThat(quorum.evaluate("prompt", TEXT, REVIEW).reason()).startsWith("quorum fail: 0 pass, 2 fail of 3");
    assertThat(slept).isEmpty();
  }

  @Test
  void seatsNeverAskedInAnEarlyUndecidedRoundAreAskedInTheNext() {
    // 2 of 3 required: two abstentions decide NO_QUORUM, so c is not asked in round 1.
    var a = new Scripted("a", call -> call == 1 ? down(call) : new Score(0.9, "fine"));
    var b = new Scripted("b", QuorumRetryTest::down);
    var c = new Scripted("c", call -> new Score(0.9, "fine"));
    var quorum = panel(EvaluationRetry.DEFAULT).evaluator(a).evaluator(b).evaluator(c).required(2).build();

    assertThat(quorum.evaluate("prompt", TEXT, REVIEW).reason()).startsWith("quorum pass after 2 rounds");
    assertThat(a.reviews).extracting(Review::round).containsExactly(1, 2);
    assertThat(b.reviews).extracting(Review::round).containsExactly(1, 2);
    assertThat(c.reviews).extracting(Review::round).containsExactly(2);
  }

  @Test
  void aTimerOfAnEarlierRoundCannotFillTheSeatAgain() {
    // b throws in round 1 and its round-1 timer fires only during round 2, after b answered again.
    var b = new Scripted("b", call -> {
      if (call == 2) {
        timeouts.fire(0 + 1); // round 1's timer of seat b (a's is 0)
        return new Score(0.9, "fine");
      }
      return down(call);
    });
    var a = new Scripted("a", call -> new Score(0.9, "fine"));
    var quorum = panel(EvaluationRetry.DEFAULT).evaluator(a).evaluator(b).required(2).build();

    assertThat(quorum.evaluate("prompt", TEXT, REVIEW).reason()).startsWith("quorum pass after 2 rounds");
  }

  @Test
  void theReviewKeyNamesTheAttemptTheEvaluatorAndLaterRounds() {
    assertThat(REVIEW.idempotencyKey("judge:gpt")).isEqualTo("job-1/draft/3/judge:gpt");
    assertThat(REVIEW.inRound(2).idempotencyKey("judge:gpt")).isEqualTo("job-1/draft/3/judge:gpt/round-2");
    assertThat(Review.of("job-2", "draft", 3).idempotencyKey("judge:gpt")).isNotEqualTo(REVIEW.idempotencyKey("judge:gpt"));
    assertThatThrownBy(() -> new Review("j", "s", 0, 1)).hasMessage("attempt must be >= 1, was 0");
    assertThatThrownBy(() -> new EvaluationRetry(-1, Duration.ZERO)).hasMessage("retries must be within [0, 10], was -1");
    assertThat(EvaluationRetry.DEFAULT.delayBefore(3)).isEqualTo(Duration.ofSeconds(2));
  }
}
