package io.lifeline.store;

import io.lifeline.model.FailureKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A compact text form of a step's attempt history for stores that keep it in one column:
 * {@code attempt:agent:variant:KIND} joined by {@code ;}, with {@code -} for success. Agent ids
 * cannot contain {@code :} or {@code ;}, so no escaping is needed.
 */
public final class AttemptHistoryCodec {

  private AttemptHistoryCodec() {}

  public static String encode(List<AttemptRecord> history) {
    var out = new StringBuilder();
    for (var record : history) {
      if (!out.isEmpty()) {
        out.append(';');
      }
      out.append(record.attempt()).append(':').append(record.agentId()).append(':')
          .append(record.variant()).append(':')
          .append(record.failure().map(Enum::name).orElse("-"));
    }
    return out.toString();
  }

  public static List<AttemptRecord> decode(String text) {
    var history = new ArrayList<AttemptRecord>();
    if (text == null || text.isEmpty()) {
      return history;
    }
    for (String part : text.split(";")) {
      String[] f = part.split(":", 4);
      if (f.length != 4) {
        throw new StoreException("corrupt attempt history entry '" + part + "'");
      }
      Optional<FailureKind> kind = f[3].equals("-") ? Optional.empty() : Optional.of(FailureKind.valueOf(f[3]));
      history.add(new AttemptRecord(Integer.parseInt(f[0]), f[1], Integer.parseInt(f[2]), kind));
    }
    return history;
  }
}
