package io.lifeline.time;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;

/**
 * A clock that moves only when told to: the ticker and the wall clock advance together.
 *
 * <p>The ticker starts close to {@link Long#MAX_VALUE} by default so that code comparing readings
 * with {@code a > b} instead of {@code a - b > 0} breaks in tests, not in production.
 * Thread-safe: readers on other threads see every advance.
 */
public final class ManualClock implements Ticker, InstantSource {

  /** Two minutes before the ticker overflows. */
  public static final long DEFAULT_START_NANOS = Long.MAX_VALUE - Duration.ofMinutes(2).toNanos();

  private volatile long nanos;
  private volatile Instant instant;

  public ManualClock() {
    this(DEFAULT_START_NANOS, Instant.parse("2026-01-01T00:00:00Z"));
  }

  public ManualClock(long startNanos, Instant startInstant) {
    this.nanos = startNanos;
    this.instant = Objects.requireNonNull(startInstant, "startInstant");
  }

  @Override
  public long read() {
    return nanos;
  }

  @Override
  public Instant instant() {
    return instant;
  }

  /** Moves both clocks forward by {@code duration}, which must not be negative. */
  public synchronized void advance(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration cannot be negative: " + duration);
    }
    nanos += duration.toNanos();
    instant = instant.plus(duration);
  }

  /** Moves both clocks forward to the ticker reading {@code targetNanos}, if it lies ahead. */
  public synchronized void advanceTo(long targetNanos) {
    long delta = targetNanos - nanos;
    if (delta > 0) {
      advance(Duration.ofNanos(delta));
    }
  }
}
