package io.lifeline.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeline.model.FailureKind;
import io.lifeline.model.Output;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class QuorumEvaluatorTest {

  private static final Output TEXT = Output.text("an article");

  private final ManualTimeouts timeouts = new ManualTimeouts();

  private QuorumEvaluator.Builder sequential() {
    return QuorumEvaluator.builder("panel").threshold(0.6).executor(Runnable::run).timeouts(timeouts);
  }

  @Test
  void passesWithTheRequiredAgreeingVotesAndScoresTheWeakestOfThem() {
    var quorum = sequential().evaluator(Voter.scoring("a", 0.9)).evaluator(Voter.scoring("b", 0.7))
        .evaluator(Voter.scoring("c", 0.1)).required(2).build();

    var score = quorum.evaluate("prompt", TEXT);

    assertThat(score.value()).isEqualTo(0.7);
    assertThat(score.reason()).isEqualTo("quorum pass: 2 pass, 0 fail of 3 at 0.60, 2 needed: a 0.90, b 0.70, c not needed");
  }

  @Test
  void failsOnceTooManyVotesFailedAndScoresUnderTheThreshold() {
    var quorum = sequential().evaluator(Voter.scoring("a", 0.9)).evaluator(Voter.scoring("b", 0.3))
        .evaluator(Voter.scoring("c", 0.2)).build();

    var score = quorum.evaluate("prompt", TEXT);

    assertThat(quorum.required()).as("default: a majority").isEqualTo(2);
    assertThat(score.value()).isEqualTo(0.3).isLessThan(quorum.threshold());
    assertThat(score.reason()).startsWith("quorum fail: 1 pass, 2 fail of 3");
  }

  @Test
  void stopsAskingOnADirectExecutorOnceTheOutcomeIsDecided() {
    var c = Voter.scoring("c", 0.9);
    var quorum = sequential().evaluator(Voter.scoring("a", 0.9)).evaluator(Voter.scoring("b", 0.8))
        .evaluator(c).build();

    quorum.evaluate("prompt", TEXT);

    assertThat(c.calls()).isZero();
  }

  @Test
  void anEvaluatorThatThrowsAbstainsAndCannotSinkTheOutput() {
    var quorum = sequential().evaluator(Voter.throwing("a")).evaluator(Voter.scoring("b", 0.8))
        .evaluator(Voter.scoring("c", 0.7)).build();

    var score = quorum.evaluate("prompt", TEXT);

    assertThat(score.value()).isEqualTo(0.7);
    assertThat(score.reason()).contains("a abstained (threw IllegalStateException: a is broken)");
  }

  @Test
  void aVoteThatArrivesAfterItsTimeoutIsDiscarded() {
    var quorum = sequential().evaluator(Voter.scoring("a", 0.2)).evaluator(Voter.late("b", 1.0, timeouts))
        .evaluator(Voter.scoring("c", 0.1)).timeout(Duration.ofSeconds(30)).build();

    var score = quorum.evaluate("prompt", TEXT);

    assertThat(score.value()).isEqualTo(0.1);
    assertThat(score.reason()).contains("b abstained (timed out after PT30S)");
  }

  @Test
  void abstentionsThatLeaveBothSidesShortAreTheEvaluatorsFailureNotTheOutputs() {
    var quorum = sequential().evaluator(Voter.scoring("a", 0.9)).evaluator(Voter.throwing("b"))
        .evaluator(Voter.scoring("c", 0.1)).build();

    assertThatThrownBy(() -> quorum.evaluate("prompt", TEXT))
        .isInstanceOfSatisfying(EvaluationException.class, e -> {
          assertThat(e.evaluator()).isEqualTo("panel");
          assertThat(e.kind()).isEqualTo(FailureKind.TRANSIENT);
        })
        .hasMessage("evaluator 'panel' TRANSIENT: no quorum: 1 pass, 1 fail of 3 at 0.60, 2 needed: "
            + "a 0.90, b abstained (threw IllegalStateException: b is broken), c 0.10");
  }

  @Test
  void inParallelAHungEvaluatorDoesNotDelayADecidedOutcomeAndIsInterrupted() throws Exception {
    var interrupted = new CountDownLatch(1);
    var hung = new CountDownLatch(1);
    var quorum = QuorumEvaluator.builder("panel").threshold(0.6).timeouts(timeouts)
        .evaluator(Voter.scoring("a", 0.9)).evaluator(Voter.hanging("b", hung::countDown, interrupted))
        .evaluator(Voter.after(hung, "c", 0.8)).build();

    var score = quorum.evaluate("prompt", TEXT);

    assertThat(score.value()).isEqualTo(0.8);
    assertThat(score.reason()).contains("b not needed");
    assertThat(interrupted.await(10, TimeUnit.SECONDS)).as("the hung vote was interrupted").isTrue();
  }

  @Test
  void inParallelAHungEvaluatorAbstainsWhenItsTimerFiresAndIsInterrupted() throws Exception {
    var interrupted = new CountDownLatch(1);
    var quorum = QuorumEvaluator.builder("panel").threshold(0.6).timeouts(timeouts).timeout(Duration.ofSeconds(5))
        .evaluator(Voter.scoring("a", 0.9)).evaluator(Voter.hanging("b", () -> timeouts.fire(1), interrupted))
        .evaluator(Voter.scoring("c", 0.2)).build();

    assertThatThrownBy(() -> quorum.evaluate("prompt", TEXT))
        .isInstanceOf(EvaluationException.class)
        .hasMessageContaining("b abstained (timed out after PT5S)");
    assertThat(interrupted.await(10, TimeUnit.SECONDS)).as("the hung vote was interrupted").isTrue();
  }

  @Test
  void refusesConfigurationsThatCannotWork() {
    assertThatThrownBy(() -> QuorumEvaluator.builder("panel").build())
        .hasMessage("quorum 'panel': needs at least one evaluator");
    assertThatThrownBy(() -> QuorumEvaluator.builder("panel").evaluator(Voter.scoring("a", 1)).required(2).build())
        .hasMessage("quorum 'panel': required must be within [1, 1], was 2");
    assertThatThrownBy(() -> QuorumEvaluator.builder("panel").evaluator(Voter.scoring("a", 1))
        .evaluator(Voter.scoring("a", 0)).build())
        .hasMessage("quorum 'panel': evaluator names must be distinct, were [a, a]");
    assertThatThrownBy(() -> QuorumEvaluator.builder("panel").threshold(1.5))
        .hasMessage("quorum 'panel': threshold must be within [0, 1], was 1.5");
    assertThatThrownBy(() -> QuorumEvaluator.builder("panel").timeout(Duration.ZERO))
        .hasMessage("quorum 'panel': timeout must be positive, was PT0S");
  }
}
