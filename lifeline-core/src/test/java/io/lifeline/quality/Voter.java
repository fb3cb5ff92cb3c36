package io.lifeline.quality;

import io.lifeline.model.Output;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** Test evaluators with a fixed behaviour, counting how often they were asked. */
abstract class Voter implements QualityEvaluator {

  private final String name;
  private final AtomicInteger calls = new AtomicInteger();

  Voter(String name) {
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public final Score evaluate(String prompt, Output output) {
    calls.incrementAndGet();
    return vote();
  }

  abstract Score vote();

  int calls() {
    return calls.get();
  }

  /** Always the same score. */
  static Voter scoring(String name, double value) {
    return new Voter(name) {
      @Override
      Score vote() {
        return new Score(value, name + " says " + value);
      }
    };
  }

  static Voter throwing(String name) {
    return new Voter(name) {
      @Override
      Score vote() {
        throw new IllegalStateException(name + " is broken");
      }
    };
  }

  /** Answers {@code value}, but only after its timer fired: time ran out while it thought. */
  static Voter late(String name, double value, ManualTimeouts timeouts) {
    return new Voter(name) {
      @Override
      Score vote() {
        timeouts.fireLatest();
        return new Score(value, "too late");
      }
    };
  }

  /** Waits for {@code signal}, then answers {@code value}. */
  static Voter after(CountDownLatch signal, String name, double value) {
    return new Voter(name) {
      @Override
      Score vote() {
        try {
          signal.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(name + " was interrupted", e);
        }
        return new Score(value, name + " says " + value);
      }
    };
  }

  /**
   * Never answers until interrupted. Once it hangs it runs {@code hung} (which may fire its
   * timer or release other voters); when interrupted it counts {@code interrupted} down.
   */
  static Voter hanging(String name, Runnable hung, CountDownLatch interrupted) {
    return new Voter(name) {
      @Override
      Score vote() {
        hung.run();
        try {
          new CountDownLatch(1).await();
        } catch (InterruptedException e) {
          interrupted.countDown();
        }
        return new Score(1, "woke up");
      }
    };
  }
}
