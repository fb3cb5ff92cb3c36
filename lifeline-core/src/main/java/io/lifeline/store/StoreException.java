package io.lifeline.store;

/** A store failed or refused to open; the message says which file or table and why. */
public class StoreException extends RuntimeException {

  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
