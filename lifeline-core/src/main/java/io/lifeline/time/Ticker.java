package io.lifeline.time;

/**
 * A monotonic source of nanoseconds, for deadlines, heartbeats and latencies.
 *
 * <p>Values are only meaningful relative to each other and may be negative or wrap: compare two
 * readings as {@code a - b > 0}, never {@code a > b}. Core code reads time only through a ticker
 * (and an {@link java.time.InstantSource} for stored timestamps), so tests drive it with
 * {@link ManualClock} instead of sleeping.
 */
@FunctionalInterface
public interface Ticker {

  /** The current reading in nanoseconds. */
  long read();

  /** The JVM's monotonic clock. */
  static Ticker system() {
    return System::nanoTime;
  }
}
