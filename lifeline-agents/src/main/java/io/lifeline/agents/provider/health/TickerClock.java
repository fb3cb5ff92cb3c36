package io.lifeline.agents.provider.health;

import io.lifeline.time.Ticker;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A {@link Clock} that reads a monotonic {@link Ticker}, for Resilience4j, which times its open
 * state with {@code clock.instant()}. Its instants are the ticker's elapsed time since this clock
 * was made, laid on an arbitrary epoch: only their differences mean anything, and unlike the wall
 * clock they never jump backwards. Differences are taken as {@code read() - origin}, so a ticker
 * that wraps past {@link Long#MAX_VALUE} (as {@code ManualClock} does on purpose) still works.
 */
final class TickerClock extends Clock {

  private static final Instant BASE = Instant.parse("2000-01-01T00:00:00Z");

  private final Ticker ticker;
  private final long origin;

  TickerClock(Ticker ticker) {
    this.ticker = ticker;
    this.origin = ticker.read();
  }

  @Override
  public Instant instant() {
    return BASE.plusNanos(ticker.read() - origin);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    if (!ZoneOffset.UTC.equals(zone)) {
      throw new UnsupportedOperationException("a ticker clock has no time zone: " + zone);
    }
    return this;
  }
}
