package io.lifeline.engine;

import io.lifeline.model.FanOut;
import io.lifeline.model.Output;
import io.lifeline.model.Usage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Joins the outputs of a fan-out step's successful branches into the step's one output. */
final class FanOuts {

  private FanOuts() {}

  /**
   * Text branches are joined with a {@code ---} rule, so a later step's prompt sees them all;
   * other media keep the first branch (a later step can't take several images through one
   * placeholder). Usage is zero: every branch was charged when it succeeded.
   */
  static Output join(List<Output> branches, FanOut fanOut) {
    var first = branches.getFirst();
    var metadata = Map.of("fanOut", branches.size() + " of " + fanOut.count() + " branches (need " + fanOut.need() + ")");
    if (branches.stream().allMatch(Output::isText)) {
      String text = String.join("\n\n---\n\n", branches.stream().map(Output::text).toList());
      return new Output(first.mediaType(), text.getBytes(StandardCharsets.UTF_8), metadata, Usage.NONE);
    }
    return new Output(first.mediaType(), first.content(), metadata, Usage.NONE);
  }
}
