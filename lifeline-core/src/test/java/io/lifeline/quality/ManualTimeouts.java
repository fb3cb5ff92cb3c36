package io.lifeline.quality;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Timeouts that fire only when a test fires them; they remember the order they were armed in. */
final class ManualTimeouts implements Timeouts {

  private final List<CompletableFuture<Void>> armed = new ArrayList<>();

  @Override
  public synchronized CompletableFuture<Void> after(Duration delay) {
    var timer = new CompletableFuture<Void>();
    armed.add(timer);
    return timer;
  }

  /** Fires the {@code index}-th timer armed (a quorum arms one per seat, in seat order). */
  void fire(int index) {
    CompletableFuture<Void> timer;
    synchronized (this) {
      timer = armed.get(index);
    }
    timer.complete(null);
  }

  /** Fires the timer armed last: on a direct executor, the one of the evaluator now running. */
  void fireLatest() {
    CompletableFuture<Void> timer;
    synchronized (this) {
      timer = armed.getLast();
    }
    timer.complete(null);
  }

  synchronized int armed() {
    return armed.size();
  }
}
