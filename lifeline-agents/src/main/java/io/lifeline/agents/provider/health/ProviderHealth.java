package io.lifeline.agents.provider.health;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.lifeline.model.AgentFailureException;
import io.lifeline.model.Failure;
import io.lifeline.model.FailureKind;
import io.lifeline.time.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The health of the providers, shared by every agent built on them: a quota cool-down per quota
 * group (the {@code provider} capability) and a circuit breaker per provider and model.
 *
 * <p>An agent asks {@link #admit} before each call. An active cool-down fails the attempt at once
 * with RATE_LIMITED and the time left as {@code retryAfter}; an open breaker with TRANSIENT and the
 * time until its trial calls. Neither calls the provider. After the call the agent reports the
 * outcome on its {@link Admission}:
 * <ul>
 *   <li>RATE_LIMITED cools the whole quota group for the provider's wait and is never counted by
 *       the breaker: a quota says nothing about the endpoint's health;
 *   <li>TRANSIENT and TIMEOUT count as failed calls;
 *   <li>anything else, including bad content and bad requests, counts as a successful call: the
 *       provider answered.
 * </ul>
 *
 * <p>Breakers are Resilience4j's, count-based, on a {@link java.time.Clock} that reads the injected
 * {@link Ticker}, so tests drive them with {@code ManualClock}; call durations are measured on the
 * same ticker. The wall clock ({@link InstantSource}) only reads HTTP-dates. Thread-safe.
 */
public final class ProviderHealth {

  private final Ticker ticker;
  private final InstantSource wall;
  private final BreakerSettings settings;
  private final CircuitBreakerConfig config;
  private final QuotaCooldown quota;
  private final ConcurrentHashMap<String, Breaker> breakers = new ConcurrentHashMap<>();

  /** A breaker and the ticker reading at which it last opened, to say how long it stays open. */
  record Breaker(CircuitBreaker circuit, AtomicLong openedAt) {}

  public ProviderHealth(Ticker ticker, InstantSource wall, BreakerSettings settings) {
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    this.wall = Objects.requireNonNull(wall, "wall");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.quota = new QuotaCooldown(ticker);
    this.config = CircuitBreakerConfig.custom()
        .slidingWindow(settings.window(), settings.minimumCalls(), CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
        .failureRateThreshold(settings.failureRate())
        .slowCallDurationThreshold(settings.slowCall())
        .slowCallRateThreshold(settings.slowCallRate())
        .waitDurationInOpenState(settings.openFor())
        .permittedNumberOfCallsInHalfOpenState(settings.trialCalls())
        .clock(new TickerClock(ticker))
        .build();
  }

  /** The system clocks and {@link BreakerSettings#DEFAULT}. */
  public static ProviderHealth system() {
    return new ProviderHealth(Ticker.system(), InstantSource.system(), BreakerSettings.DEFAULT);
  }

  /**
   * Lets one call to {@code healthKey} (provider/model) of quota group {@code group} through, or
   * refuses it without calling anything.
   *
   * @throws AgentFailureException RATE_LIMITED while the group cools down, TRANSIENT while the
   *     breaker is open or its trial calls are taken; both with the time left as {@code retryAfter}
   *     when it is known
   */
  public Admission admit(String group, String healthKey) {
    var cooling = quota.remaining(group);
    if (cooling.isPresent()) {
      throw new AgentFailureException(Failure.rateLimited("provider '" + group + "' is cooling down after a rate"
          + " limit for " + seconds(cooling.get()) + " more; not called", cooling.get()));
    }
    Breaker breaker = breaker(healthKey);
    if (!breaker.circuit().tryAcquirePermission()) {
      throw new AgentFailureException(new Failure(FailureKind.TRANSIENT, refusal(healthKey, breaker), openLeft(breaker)));
    }
    return new Admission(this, group, breaker.circuit(), ticker.read());
  }

  /** How long {@code group} still cools down, if it does. */
  public Optional<Duration> cooling(String group) {
    return quota.remaining(group);
  }

  /** Cools {@code group} down for {@code wait}; a longer cool-down already running is kept. */
  public void coolFor(String group, Duration wait) {
    quota.coolFor(group, wait);
  }

  /** The state of the breaker of {@code healthKey} (provider/model). */
  public CircuitBreaker.State state(String healthKey) {
    return breaker(healthKey).circuit().getState();
  }

  /** The wall-clock time, to read HTTP-dates in responses against. */
  public Instant now() {
    return wall.instant();
  }

  Ticker ticker() {
    return ticker;
  }

  private Breaker breaker(String healthKey) {
    return breakers.computeIfAbsent(healthKey, key -> {
      var circuit = CircuitBreaker.of(key, config);
      var openedAt = new AtomicLong();
      circuit.getEventPublisher().onStateTransition(e -> {
        if (e.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
          openedAt.set(ticker.read());
        }
      });
      return new Breaker(circuit, openedAt);
    });
  }

  private Optional<Duration> openLeft(Breaker breaker) {
    if (breaker.circuit().getState() != CircuitBreaker.State.OPEN) {
      return Optional.empty(); // half-open with its trial calls taken: it decides as soon as they end
    }
    long left = breaker.openedAt().get() + settings.openFor().toNanos() - ticker.read();
    return Optional.of(Duration.ofNanos(Math.max(0, left)));
  }

  private String refusal(String healthKey, Breaker breaker) {
    var metrics = breaker.circuit().getMetrics();
    return String.format(Locale.ROOT, "circuit breaker of %s is %s (failed calls %.0f%%, slow calls %.0f%%)%s; not called",
        healthKey, breaker.circuit().getState(), Math.max(0, metrics.getFailureRate()),
        Math.max(0, metrics.getSlowCallRate()), openLeft(breaker).map(d -> ", " + seconds(d) + " until trial calls").orElse(""));
  }

  static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toNanos() / 1e9);
  }
}
