package io.lifeline.store;

import java.time.Instant;

/**
 * An event as the store keeps it.
 *
 * @param seq the store-wide order of appends
 * @param json the event as {@link io.lifeline.event.EventJson} wrote it
 */
public record StoredEvent(long seq, String jobId, Instant at, String type, String json) {}
