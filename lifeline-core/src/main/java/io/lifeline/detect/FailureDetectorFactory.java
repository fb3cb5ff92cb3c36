package io.lifeline.detect;

/** Makes a fresh detector for each agent (incarnation) that joins. */
@FunctionalInterface
public interface FailureDetectorFactory {
  FailureDetector create();
}
