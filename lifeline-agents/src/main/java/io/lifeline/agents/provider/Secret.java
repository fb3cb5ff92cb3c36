package io.lifeline.agents.provider;

import java.util.Objects;

/**
 * An API key. It shows as {@code ***} in {@code toString()}, so that records and exceptions
 * holding one cannot print it, and it knows how to scrub itself out of text that came back from
 * a provider (some echo the key they were sent in their 401 body).
 *
 * <p>Only the code that writes the {@code Authorization} header calls {@link #reveal()}.
 */
public final class Secret {

  /** What a redacted key reads as. */
  public static final String MASK = "***";

  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  /**
   * @throws IllegalArgumentException if {@code value} is blank; the message does not quote it
   */
  public static Secret of(String value) {
    Objects.requireNonNull(value, "value");
    if (value.isBlank()) {
      throw new IllegalArgumentException("a secret cannot be blank");
    }
    return new Secret(value.strip());
  }

  /** The key itself, for the request header and nothing else. */
  public String reveal() {
    return value;
  }

  /** {@code text} with every occurrence of the key replaced by {@link #MASK}. */
  public String redact(String text) {
    return text == null ? null : text.replace(value, MASK);
  }

  @Override
  public String toString() {
    return MASK;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret other && value.equals(other.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }
}
