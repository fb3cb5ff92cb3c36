package io.lifeline.event;

/**
 * Receives events after they are durable, on the coordinator's thread: implementations must be
 * quick and must not block (hand off to a queue for slow work).
 */
@FunctionalInterface
public interface EventListener {
  void onEvent(Event event);
}
