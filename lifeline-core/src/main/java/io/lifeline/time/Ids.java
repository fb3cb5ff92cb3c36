package io.lifeline.time;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** Sources of job ids: random for real engines, sequential for tests and the simulator. */
public final class Ids {

  private Ids() {}

  /** Random version-4 UUIDs: unique across restarts and nodes. */
  public static Supplier<String> random() {
    return () -> UUID.randomUUID().toString();
  }

  /** {@code prefix-1}, {@code prefix-2}, … */
  public static Supplier<String> sequential(String prefix) {
    var next = new AtomicLong();
    return () -> prefix + "-" + next.incrementAndGet();
  }
}
