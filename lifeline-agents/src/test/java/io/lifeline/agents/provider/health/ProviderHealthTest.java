package io.lifeline.agents.provider.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.lifeline.model.AgentFailureException;
import io.lifeline.model.Failure;
import io.lifeline.model.FailureKind;
import io.lifeline.recovery.RecoveryPlanner;
import io.lifeline.time.ManualClock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Breakers and cool-downs on a manual clock that starts two minutes before the ticker wraps. */
class ProviderHealthTest {

  static final String OPENAI = "openai";
  static final String SMALL = "openai/small";

  /** Resilience4j lets trial calls through once the open time has strictly passed. */
  static final Duration JUST_AFTER = Duration.ofMillis(1);

  final ManualClock clock = new ManualClock();
  /** Window 4, judged from 4 calls, open at 50 % failed or 50 % slower than 2 s, open 10 s, 1 trial call. */
  final ProviderHealth health = new ProviderHealth(clock, clock,
      new BreakerSettings(4, 4, 50f, Duration.ofSeconds(2), 50f, Duration.ofSeconds(10), 1));

  void call(Optional<Failure> outcome) {
    health.admit(OPENAI, SMALL).finish(outcome);
  }

  static Optional<Failure> failed(FailureKind kind) {
    return Optional.of(Failure.of(kind, kind.name()));
  }

  static Failure refusal(Runnable admit) {
    try {
      admit.run();
    } catch (AgentFailureException e) {
      return e.failure();
    }
    throw new AssertionError("admitted");
  }

  @Test
  void aRateLimitCoolsTheWholeProviderForItsRetryAfterAndFailsFast() {
    health.admit(OPENAI, SMALL).finish(Optional.of(Failure.rateLimited("429", Duration.ofSeconds(30))));
    clock.advance(Duration.ofSeconds(12));

    // Another model of the same provider is cooling too: the quota is the provider's.
    Failure fast = refusal(() -> health.admit(OPENAI, "openai/large"));
    assertThat(fast.kind()).isEqualTo(FailureKind.RATE_LIMITED);
    assertThat(fast.retryAfter()).contains(Duration.ofSeconds(18));
    assertThat(fast.message()).contains("provider 'openai' is cooling down", "18.0 s more", "not called");
    // Another provider is not.
    health.admit("ollama", "ollama/llama3").finish(Optional.empty());

    clock.advance(Duration.ofSeconds(18));
    health.admit(OPENAI, SMALL).finish(Optional.empty());
    assertThat(health.cooling(OPENAI)).isEmpty();
  }

  @Test
  void aRateLimitWithoutRetryAfterCoolsForTheCoordinatorsDefault() {
    call(failed(FailureKind.RATE_LIMITED));
    assertThat(health.cooling(OPENAI)).contains(RecoveryPlanner.DEFAULT_RATE_LIMIT_WAIT);
  }

  @Test
  void aLaterShorterCoolDownDoesNotShortenAnEarlierLongerOne() {
    health.coolFor(OPENAI, Duration.ofSeconds(60));
    health.coolFor(OPENAI, Duration.ofSeconds(5));
    assertThat(health.cooling(OPENAI)).contains(Duration.ofSeconds(60));
  }

  @Test
  void rateLimitsNeverCountAgainstTheBreaker() {
    for (int i = 0; i < 20; i++) {
      call(Optional.of(Failure.rateLimited("429", Duration.ZERO)));
    }
    assertThat(health.state(SMALL)).isEqualTo(State.CLOSED);
  }

  @Test
  void badContentAndBadRequestsCountAsAnswersNotAsFailures() {
    for (var kind : new FailureKind[] {FailureKind.PERMANENT, FailureKind.REFUSED, FailureKind.UNSAFE,
        FailureKind.INVALID_OUTPUT, FailureKind.RESOURCE_EXHAUSTED}) {
      call(failed(kind));
    }
    assertThat(health.state(SMALL)).isEqualTo(State.CLOSED);
  }

  @Test
  void transientFailuresOpenTheBreakerWhichFailsFastWithTheTimeLeftThenLetsATrialThrough() {
    call(Optional.empty());
    call(failed(FailureKind.TRANSIENT));
    call(Optional.empty());
    call(failed(FailureKind.TIMEOUT));
    assertThat(health.state(SMALL)).isEqualTo(State.OPEN);

    clock.advance(Duration.ofSeconds(4));
    Failure fast = refusal(() -> health.admit(OPENAI, SMALL));
    assertThat(fast.kind()).isEqualTo(FailureKind.TRANSIENT);
    assertThat(fast.retryAfter()).contains(Duration.ofSeconds(6));
    assertThat(fast.message()).contains("circuit breaker of openai/small is OPEN", "failed calls 50%", "not called");
    // Other models of the provider keep working: health is per model.
    health.admit(OPENAI, "openai/large").finish(Optional.empty());

    clock.advance(Duration.ofSeconds(6).plus(JUST_AFTER));
    Admission trial = health.admit(OPENAI, SMALL);
    assertThat(health.state(SMALL)).isEqualTo(State.HALF_OPEN);
    assertThat(refusal(() -> health.admit(OPENAI, SMALL)).retryAfter()).isEmpty(); // the one trial is taken
    trial.finish(Optional.empty());
    assertThat(health.state(SMALL)).isEqualTo(State.CLOSED);
  }

  @Test
  void slowFirstTokensOpenTheBreaker() {
    for (int i = 0; i < 4; i++) {
      Admission admission = health.admit(OPENAI, SMALL);
      clock.advance(Duration.ofSeconds(i % 2 == 0 ? 3 : 1));
      admission.responded();
      clock.advance(Duration.ofSeconds(30)); // a long answer after a quick first token is not slow
      admission.finish(Optional.empty());
    }
    assertThat(health.state(SMALL)).isEqualTo(State.OPEN);
  }

  @Test
  void anAbandonedTrialGivesItsPermitBackAndReportingTwiceCountsOnce() {
    for (int i = 0; i < 4; i++) {
      call(failed(FailureKind.TRANSIENT));
    }
    clock.advance(Duration.ofSeconds(10).plus(JUST_AFTER));
    Admission cancelled = health.admit(OPENAI, SMALL);
    cancelled.abandon();
    cancelled.finish(failed(FailureKind.TRANSIENT)); // ignored: already reported
    Admission next = health.admit(OPENAI, SMALL); // the permit came back
    next.finish(Optional.empty());
    next.finish(failed(FailureKind.TRANSIENT));
    assertThat(health.state(SMALL)).isEqualTo(State.CLOSED);
  }

  @Test
  void timeIsTheInjectedTickerEvenWhenItWraps() {
    // ManualClock starts 2 minutes before Long.MAX_VALUE; the breaker's open state spans the wrap.
    clock.advance(Duration.ofSeconds(115));
    for (int i = 0; i < 4; i++) {
      call(failed(FailureKind.TRANSIENT));
    }
    clock.advance(Duration.ofSeconds(9));
    assertThat(refusal(() -> health.admit(OPENAI, SMALL)).retryAfter()).contains(Duration.ofSeconds(1));
    clock.advance(Duration.ofSeconds(1).plus(JUST_AFTER));
    health.admit(OPENAI, SMALL).finish(Optional.empty());
    assertThat(health.state(SMALL)).isEqualTo(State.CLOSED);
  }

  @Test
  void settingsAreValidated() {
    assertThatThrownBy(() -> new BreakerSettings(4, 5, 50f, Duration.ofSeconds(1), 50f, Duration.ofSeconds(1), 1))
        .hasMessage("minimumCalls must be in [1, window=4], was 5");
    assertThatThrownBy(() -> new BreakerSettings(4, 4, 0f, Duration.ofSeconds(1), 50f, Duration.ofSeconds(1), 1))
        .hasMessage("failureRate must be in (0, 100], was 0.0");
    assertThatThrownBy(() -> new BreakerSettings(4, 4, 50f, Duration.ZERO, 50f, Duration.ofSeconds(1), 1))
        .hasMessage("slowCall must be positive, was PT0S");
  }
}
