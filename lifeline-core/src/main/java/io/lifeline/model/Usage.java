package io.lifeline.model;

/**
 * What an attempt consumed, counted against the job's budget whether it succeeded or not.
 *
 * @param tokens model tokens in and out
 * @param cost cost units
 */
public record Usage(long tokens, double cost) {

  public static final Usage NONE = new Usage(0, 0);

  public Usage {
    if (tokens < 0) {
      throw new IllegalArgumentException("tokens cannot be negative: " + tokens);
    }
    if (!(cost >= 0)) {
      throw new IllegalArgumentException("cost must be >= 0, was " + cost);
    }
  }

  public Usage plus(Usage other) {
    return new Usage(tokens + other.tokens, cost + other.cost);
  }
}
