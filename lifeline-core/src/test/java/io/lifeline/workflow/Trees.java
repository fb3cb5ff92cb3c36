package io.lifeline.workflow;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the mutable, ordered trees a YAML parser would yield; tests then change one field. */
final class Trees {

  private Trees() {}

  static Map<String, Object> map(Object... keysAndValues) {
    var map = new LinkedHashMap<String, Object>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  static List<Object> list(Object... items) {
    return new ArrayList<>(Arrays.asList(items));
  }

  /** The brief's minimal article workflow. */
  static Map<String, Object> article() {
    return map(
        "name", "article",
        "steps", list(
            map("id", "outline", "kind", "text", "prompt", "Outline an article about {{topic}}"),
            map("id", "draft", "kind", "text", "after", list("outline"),
                "prompt", "Write the article from this outline: {{outline}}",
                "timeout", "60s", "retries", 3)));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> step(Map<String, Object> workflow, int i) {
    return (Map<String, Object>) ((List<Object>) workflow.get("steps")).get(i);
  }
}
