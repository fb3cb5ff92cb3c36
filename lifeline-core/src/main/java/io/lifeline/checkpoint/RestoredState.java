package io.lifeline.checkpoint;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Objects;

/**
 * What a new attempt resumes from: the latest FULL checkpoint and the DELTAs saved after it.
 *
 * @param full the state of the latest FULL checkpoint
 * @param deltas the DELTA states saved after it, oldest first
 * @param seq the sequence number of the newest checkpoint included
 * @param progress the progress recorded with the newest checkpoint included
 */
public record RestoredState(byte[] full, List<byte[]> deltas, long seq, long progress) {

  public RestoredState {
    Objects.requireNonNull(full, "full");
    deltas = List.copyOf(deltas);
  }

  /** The FULL state with every DELTA appended: right for append-only state such as text. */
  public byte[] concatenated() {
    var out = new ByteArrayOutputStream(full.length);
    out.writeBytes(full);
    deltas.forEach(out::writeBytes);
    return out.toByteArray();
  }
}
