package io.lifeline.cli.demo;

/**
 * One fault the chaos wrapper injected, as the demo's summary needs it.
 *
 * @param kind the chaos kind (crash, hang, …)
 * @param atNanos ticker reading at injection, on the engine's ticker
 */
record Injection(String kind, String agentId, String jobId, String stepId, int attempt, long atNanos) {

  String attemptKey() {
    return jobId + "/" + stepId + "/" + attempt;
  }
}
