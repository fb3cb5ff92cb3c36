package io.lifeline.cli.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * What every {@code lifeline model} subcommand shares: {@code --json}, printing, and option
 * errors that name the option (exit code 2, like every invalid command line).
 */
abstract class ModelSubcommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--json", description = "Print the answer as JSON.")
  boolean json;

  /** Computes the answer; throws {@link CommandLine.ParameterException} for bad options. */
  abstract Report report();

  @Override
  public final Integer call() {
    Report report = report();
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      try {
        out.println(JSON.writeValueAsString(report.fields()));
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
    } else {
      report.lines().forEach(out::println);
    }
    out.flush();
    return 0;
  }

  /** An error about the command line: picocli prints it with the usage and exits with 2. */
  CommandLine.ParameterException invalid(String format, Object... args) {
    return new CommandLine.ParameterException(spec.commandLine(), String.format(Locale.ROOT, format, args));
  }

  /** Refuses {@code value} of {@code option} unless it is in [min, max]. */
  void requireBetween(String option, long value, long min, long max, String maxName) {
    if (value < min || value > max) {
      throw invalid("%s must be between %d and %s, was %d", option, min, maxName, value);
    }
  }
}
