package io.lifeline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lifeline history JOB}: a job's durable event history. */
@Command(name = "history", mixinStandardHelpOptions = true, description = "Show a job's durable event history.")
final class HistoryCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "JOB", description = "The job id.")
  String jobId;

  @Option(names = "--data-dir", defaultValue = "lifeline-data", description = "Data directory (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--json", description = "Print the events as a JSON array.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    try (var store = DataDir.openExisting(dataDir, spec.commandLine())) {
      if (store.job(jobId).isEmpty()) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "JOB: no job '" + jobId + "' in " + dataDir);
      }
      var out = spec.commandLine().getOut();
      var events = store.history(jobId);
      if (json) {
        var array = JSON.createArrayNode();
        for (var event : events) {
          array.add(JSON.readTree(event.json()));
        }
        out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(array));
      } else {
        for (var event : events) {
          out.printf("%s  %-20s %s%n", event.at(), event.type(), details(JSON.readTree(event.json())));
        }
      }
      out.flush();
    }
    return 0;
  }

  /** The event's fields other than the ones every line shows. */
  private static String details(JsonNode node) {
    var text = new StringBuilder();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
      var field = it.next();
      if (field.getKey().equals("type") || field.getKey().equals("jobId") || field.getKey().equals("at")) {
        continue;
      }
      String value = field.getValue().isTextual() ? field.getValue().asText() : field.getValue().toString();
      text.append(field.getKey()).append('=').append(value).append("  ");
    }
    return text.toString().strip();
  }
}
