package io.lifeline.engine;

import io.lifeline.model.Agent;
import io.lifeline.model.AgentSpec;
import io.lifeline.model.AttemptContext;
import io.lifeline.model.Output;
import java.util.Map;

/** A text agent whose attempts run a lambda: what engine tests script their agents with. */
final class ScriptedAgent implements Agent {

  /** What one attempt does. */
  interface Body {
    Output run(AttemptContext context) throws Exception;
  }

  private final AgentSpec spec;
  private final Body body;

  ScriptedAgent(String id, int slots, Body body) {
    this.spec = new AgentSpec(id, "text", Map.of(), 0, slots);
    this.body = body;
  }

  @Override
  public AgentSpec spec() {
    return spec;
  }

  @Override
  public Output run(AttemptContext context) throws Exception {
    return body.run(context);
  }
}
