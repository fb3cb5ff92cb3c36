package io.lifeline.engine;

/**
 * {@code submit} refused a job because too many are already waiting or running: back off and try
 * again. Nothing was written.
 */
public class OverloadedException extends RuntimeException {
  public OverloadedException(String message) {
    super(message);
  }
}
