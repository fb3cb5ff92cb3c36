package io.lifeline.model;

/**
 * A step that runs {@code count} attempts at once on different agents and succeeds once
 * {@code need} of them have: three writers draft a headline, two answers are enough. The step's
 * output joins the successful branches' outputs (text joined with a {@code ---} rule; for other
 * media the first). Each branch is an attempt: it counts against the step's attempt limit and the
 * job's budget, and branches still running when the step has enough are cancelled and fenced off.
 */
public record FanOut(int count, int need) {

  /** More parallel branches than this is a load test, not a step. */
  public static final int MAX_COUNT = 16;

  public FanOut {
    if (count < 1 || count > MAX_COUNT) {
      throw new IllegalArgumentException("fanOut.count must be within [1, " + MAX_COUNT + "], was " + count);
    }
    if (need < 1 || need > count) {
      throw new IllegalArgumentException("fanOut.need must be within [1, " + count + "] (the count), was " + need);
    }
  }
}
