package io.lifeline.agents.provider.health;

import io.lifeline.time.Ticker;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per quota group (provider), the ticker reading until which it asked us not to call. A later
 * cool-down extends an earlier one and never shortens it: two agents that got 429s with
 * different waits both honour the longer one. Thread-safe.
 */
final class QuotaCooldown {

  private final Ticker ticker;
  private final ConcurrentHashMap<String, Long> until = new ConcurrentHashMap<>();

  QuotaCooldown(Ticker ticker) {
    this.ticker = ticker;
  }

  void coolFor(String group, Duration wait) {
    long end = ticker.read() + wait.toNanos();
    until.merge(group, end, (a, b) -> b - a > 0 ? b : a);
  }

  /** How long {@code group} is still cooling, if it is. */
  Optional<Duration> remaining(String group) {
    Long end = until.get(group);
    if (end == null) {
      return Optional.empty();
    }
    long left = end - ticker.read();
    if (left <= 0) {
      until.remove(group, end);
      return Optional.empty();
    }
    return Optional.of(Duration.ofNanos(left));
  }
}
