package io.lifeline.engine;

/** A checkpoint or result came from an attempt that is no longer the step's current one (I3). */
public class StaleAttemptException extends RuntimeException {
  public StaleAttemptException(String message) {
    super(message);
  }
}
